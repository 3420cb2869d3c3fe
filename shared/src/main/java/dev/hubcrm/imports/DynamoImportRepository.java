package dev.hubcrm.imports;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.JobStatus;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Imports in the shared table, in the hub's partition:
 * <ul>
 *   <li>{@code IMPORT#<id>}: the import, its counters and its listed errors (kept {@value #IMPORT_DAYS} days);</li>
 *   <li>{@code IMPORT#<id>#CHUNK#<n>}: chunk n has been counted. Written in the same transaction as
 *       the counters, conditioned on not existing, so a redelivered chunk adds nothing (kept
 *       {@value #CHUNK_MARKER_DAYS} days, longer than any message can live in the queue).</li>
 * </ul>
 */
public final class DynamoImportRepository implements ImportRepository {
    static final String IMPORT_PREFIX = "IMPORT#";
    static final int IMPORT_DAYS = 90;
    static final int CHUNK_MARKER_DAYS = 15;
    private static final int COUNT_ATTEMPTS = 5;
    private static final Map<String, String> NAMES = Map.of("#status", "status", "#updatedAt", "updatedAt");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoImportRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(String hubId, ImportJob job) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), IMPORT_PREFIX + job.id()));
        item.put("kind", s("import"));
        item.put("id", s(job.id()));
        item.put("status", s(job.status().wire()));
        item.put("dryRun", Items.bool(job.dryRun()));
        item.put("format", s(job.format().wire()));
        item.put("total", n(job.total()));
        item.put("processed", n(job.processed()));
        item.put("created", n(job.created()));
        item.put("updated", n(job.updated()));
        item.put("failed", n(job.failed()));
        item.put("errors", errors(job.errors()));
        item.put("errorsOmitted", n(job.errorsOmitted()));
        item.put("ignoredColumns", Items.strings(job.ignoredColumns()));
        item.put("chunks", n(job.chunks()));
        Items.putIfPresent(item, "createdAt", job.createdAt());
        Items.putIfPresent(item, "updatedAt", job.updatedAt());
        Items.putIfPresent(item, "finishedAt", job.finishedAt());
        Items.putIfPresent(item, "failureReason", job.failureReason());
        item.put(TableDesign.TTL_ATTRIBUTE, n(job.createdAt().plus(Duration.ofDays(IMPORT_DAYS)).getEpochSecond()));
        dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
    }

    @Override
    public Optional<ImportJob> find(String hubId, String importId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), IMPORT_PREFIX + importId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public void markRunning(String hubId, String importId, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), IMPORT_PREFIX + importId))
                    .updateExpression("SET #status = :running, #updatedAt = :at")
                    .conditionExpression("#status = :queued")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":running", s(JobStatus.RUNNING.wire()),
                            ":queued", s(JobStatus.QUEUED.wire()), ":at", s(at.toString()))));
        } catch (ConditionalCheckFailedException alreadyMoved) {
            // another chunk started it, or it is done or failed: nothing to do
        }
    }

    @Override
    public boolean chunkCounted(String hubId, String importId, int number) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), chunkKey(importId, number))).consistentRead(true).projectionExpression("PK")).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public ChunkWrite countChunk(String hubId, String importId, int number, ChunkCounts counts, Instant at) {
        List<RowError> listed = counts.errors();
        for (int attempt = 0; attempt < COUNT_ATTEMPTS; attempt++) {
            long omitted = counts.errors().size() - listed.size();
            List<TransactWriteItem> writes = List.of(marker(hubId, importId, number, counts, at),
                    counters(hubId, importId, counts, listed, omitted, at));
            int failed = Transactions.write(dynamo, writes);
            if (failed < 0) {
                return ChunkWrite.COUNTED;
            }
            if (failed == 0) {
                return ChunkWrite.ALREADY_COUNTED;
            }
            // The import is gone, or its error list has no room for all of these: list what fits.
            ImportJob job = find(hubId, importId).orElseThrow(() -> new IllegalStateException("import " + importId + " is gone"));
            int room = Math.max(0, ImportService.MAX_LISTED_ERRORS - job.errors().size());
            listed = counts.errors().subList(0, Math.min(room, counts.errors().size()));
        }
        throw new IllegalStateException("the errors of import " + importId + " kept changing; the chunk will be retried");
    }

    @Override
    public void finishIfComplete(String hubId, String importId, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), IMPORT_PREFIX + importId))
                    .updateExpression("SET #status = :done, #finishedAt = :at, #updatedAt = :at")
                    .conditionExpression("(#status = :queued OR #status = :running) AND #processed >= #total")
                    .expressionAttributeNames(Map.of("#status", "status", "#total", "total", "#processed", "processed",
                            "#finishedAt", "finishedAt", "#updatedAt", "updatedAt"))
                    .expressionAttributeValues(Map.of(":done", s(JobStatus.DONE.wire()),
                            ":queued", s(JobStatus.QUEUED.wire()), ":running", s(JobStatus.RUNNING.wire()),
                            ":at", s(at.toString()))));
        } catch (ConditionalCheckFailedException notYet) {
            // rows are still to come, or it is already done
        }
    }

    @Override
    public void markFailed(String hubId, String importId, String reason, Instant at) {
        dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), IMPORT_PREFIX + importId))
                .updateExpression("SET #status = :failed, #reason = :reason, #updatedAt = :at")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#status", "status", "#reason", "failureReason", "#updatedAt", "updatedAt"))
                .expressionAttributeValues(Map.of(":failed", s(JobStatus.FAILED.wire()), ":reason", s(reason),
                        ":at", s(at.toString()))));
    }

    private TransactWriteItem marker(String hubId, String importId, int number, ChunkCounts counts, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), chunkKey(importId, number)));
        item.put("kind", s("import-chunk"));
        item.put("importId", s(importId));
        item.put("chunk", n(number));
        item.put("rows", n(counts.processed()));
        item.put("countedAt", s(at.toString()));
        item.put(TableDesign.TTL_ATTRIBUTE, n(at.plus(Duration.ofDays(CHUNK_MARKER_DAYS)).getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)")).build();
    }

    private TransactWriteItem counters(String hubId, String importId, ChunkCounts counts, List<RowError> listed, long omitted,
            Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":processed", n(counts.processed()), ":created", n(counts.created()), ":updated", n(counts.updated()),
                ":failed", n(counts.failed()), ":omitted", n(omitted), ":at", s(at.toString())));
        Map<String, String> names = new HashMap<>(Map.of("#processed", "processed", "#created", "created",
                "#updated", "updated", "#failed", "failed", "#omitted", "errorsOmitted", "#updatedAt", "updatedAt"));
        StringBuilder update = new StringBuilder("ADD #processed :processed, #created :created, #updated :updated,"
                + " #failed :failed, #omitted :omitted SET #updatedAt = :at");
        String condition = "attribute_exists(PK)";
        if (!listed.isEmpty()) {
            names.put("#errors", "errors");
            update.append(", #errors = list_append(#errors, :errors)");
            // Serialised per item by DynamoDB: concurrent chunks never list more than the maximum together.
            condition += " AND size(#errors) <= :room";
            values.put(":errors", errors(listed));
            values.put(":room", n(ImportService.MAX_LISTED_ERRORS - listed.size()));
        }
        String finalCondition = condition;
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(hubPartition(hubId), IMPORT_PREFIX + importId))
                .updateExpression(update.toString())
                .conditionExpression(finalCondition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
    }

    static String chunkKey(String importId, int number) {
        return IMPORT_PREFIX + importId + "#CHUNK#" + String.format("%06d", number);
    }

    private static AttributeValue errors(List<RowError> errors) {
        return AttributeValue.fromL(errors.stream()
                .map(error -> AttributeValue.fromM(Map.of("row", n(error.row()), "message", s(error.message()))))
                .toList());
    }

    private static ImportJob fromItem(Map<String, AttributeValue> item) {
        List<RowError> errors = new ArrayList<>();
        AttributeValue listed = item.get("errors");
        if (listed != null && listed.hasL()) {
            listed.l().forEach(error -> errors.add(new RowError((int) Items.number(error.m(), "row"), Items.string(error.m(), "message"))));
        }
        return new ImportJob(
                Items.string(item, "id"),
                JobStatus.fromWire(Items.string(item, "status")),
                Items.flag(item, "dryRun"),
                ImportFormat.valueOf(Items.string(item, "format").toUpperCase(java.util.Locale.ROOT)),
                Items.number(item, "total"),
                Items.number(item, "processed"),
                Items.number(item, "created"),
                Items.number(item, "updated"),
                Items.number(item, "failed"),
                errors,
                Items.number(item, "errorsOmitted"),
                Items.stringList(item, "ignoredColumns"),
                (int) Items.number(item, "chunks"),
                Items.instant(item, "createdAt"),
                Items.instant(item, "updatedAt"),
                Items.instant(item, "finishedAt"),
                Items.string(item, "failureReason"));
    }
}
