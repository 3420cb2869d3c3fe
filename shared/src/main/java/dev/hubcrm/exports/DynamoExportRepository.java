package dev.hubcrm.exports;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.JobStatus;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Exports in the shared table, in the hub's partition:
 * <ul>
 *   <li>{@code EXPORT#<id>}: the export, its filter and progress (kept {@value #EXPORT_DAYS} days by TTL);</li>
 *   <li>{@code EXPORTFILTER#<filter key>}: the id of the last export started for that filter, so that
 *       asking again while it runs answers it instead of starting another (kept as long).</li>
 * </ul>
 */
public final class DynamoExportRepository implements ExportRepository {
    static final String EXPORT_PREFIX = "EXPORT#";
    static final String FILTER_PREFIX = "EXPORTFILTER#";
    static final int EXPORT_DAYS = 3;
    private static final Map<String, String> NAMES = Map.of("#status", "status", "#updatedAt", "updatedAt",
            "#processed", "processed");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoExportRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(String hubId, ExportJob job, String filterKey) {
        AttributeValue ttl = n(job.createdAt().plus(Duration.ofDays(EXPORT_DAYS)).getEpochSecond());
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), EXPORT_PREFIX + job.id()));
        item.put("kind", s("export"));
        item.put("id", s(job.id()));
        item.put("status", s(job.status().wire()));
        item.put("processed", n(job.processed()));
        item.put("filter", filter(job.filter()));
        Items.putIfPresent(item, "createdAt", job.createdAt());
        Items.putIfPresent(item, "updatedAt", job.updatedAt());
        Items.putIfPresent(item, "finishedAt", job.finishedAt());
        Items.putIfPresent(item, "failureReason", job.failureReason());
        item.put(TableDesign.TTL_ATTRIBUTE, ttl);
        Map<String, AttributeValue> pointer = new HashMap<>(key(hubPartition(hubId), FILTER_PREFIX + filterKey));
        pointer.put("kind", s("export-filter"));
        pointer.put("exportId", s(job.id()));
        pointer.put(TableDesign.TTL_ATTRIBUTE, ttl);
        int failed = Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(pointer)).build()));
        if (failed >= 0) {
            throw new IllegalStateException("export " + job.id() + " exists already");
        }
    }

    @Override
    public Optional<ExportJob> find(String hubId, String exportId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), EXPORT_PREFIX + exportId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<String> current(String hubId, String filterKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), FILTER_PREFIX + filterKey)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.string(item, "exportId"));
    }

    @Override
    public boolean start(String hubId, String exportId, Instant at) {
        return update(hubId, exportId, "SET #status = :running, #processed = :zero, #updatedAt = :at",
                "#status IN (:queued, :running)", Map.of(":running", s(JobStatus.RUNNING.wire()),
                        ":queued", s(JobStatus.QUEUED.wire()), ":zero", n(0), ":at", s(at.toString())));
    }

    @Override
    public void progress(String hubId, String exportId, long processed, Instant at) {
        update(hubId, exportId, "SET #processed = :processed, #updatedAt = :at", "#status = :running",
                Map.of(":processed", n(processed), ":running", s(JobStatus.RUNNING.wire()), ":at", s(at.toString())));
    }

    @Override
    public void finish(String hubId, String exportId, long processed, Instant at) {
        if (!update(hubId, exportId, "SET #status = :done, #processed = :processed, #updatedAt = :at, finishedAt = :at",
                "#status = :running", Map.of(":done", s(JobStatus.DONE.wire()), ":processed", n(processed),
                        ":running", s(JobStatus.RUNNING.wire()), ":at", s(at.toString())))) {
            throw new IllegalStateException("export " + exportId + " was not running when its file was written");
        }
    }

    @Override
    public void fail(String hubId, String exportId, String reason, Instant at) {
        update(hubId, exportId, "SET #status = :failed, failureReason = :reason, #updatedAt = :at, finishedAt = :at",
                "#status IN (:queued, :running)", Map.of(":failed", s(JobStatus.FAILED.wire()), ":reason", s(reason),
                        ":queued", s(JobStatus.QUEUED.wire()), ":running", s(JobStatus.RUNNING.wire()),
                        ":at", s(at.toString())));
    }

    /** A conditional update of the export; false when the condition (or the export) is not there. */
    private boolean update(String hubId, String exportId, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        NAMES.forEach((name, attribute) -> {
            if (update.contains(name) || condition.contains(name)) {
                names.put(name, attribute);
            }
        });
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), EXPORT_PREFIX + exportId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(PK) AND " + condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static AttributeValue filter(CustomerFilter filter) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("tags", Items.strings(filter.tags()));
        if (filter.status() != null) {
            map.put("status", s(filter.status().wire()));
        }
        if (filter.type() != null) {
            map.put("type", s(filter.type().wire()));
        }
        Items.putIfPresent(map, "q", filter.query());
        Items.putIfPresent(map, "segment", filter.segmentId());
        if (filter.balanceBelow() != null) {
            map.put("balanceBelow", n(filter.balanceBelow()));
        }
        return AttributeValue.fromM(map);
    }

    static CustomerFilter filter(Map<String, AttributeValue> map) {
        String status = Items.string(map, "status");
        String type = Items.string(map, "type");
        AttributeValue balance = map.get("balanceBelow");
        return new CustomerFilter(Items.stringList(map, "tags"), status == null ? null : CustomerStatus.fromWire(status),
                type == null ? null : CustomerType.fromWire(type), Items.string(map, "q"), Items.string(map, "segment"),
                balance == null ? null : Long.valueOf(balance.n()));
    }

    private static ExportJob fromItem(Map<String, AttributeValue> item) {
        AttributeValue filter = item.get("filter");
        return new ExportJob(
                Items.string(item, "id"),
                JobStatus.fromWire(Items.string(item, "status")),
                filter == null ? CustomerFilter.NONE : filter(filter.m()),
                Items.number(item, "processed"),
                Items.instant(item, "createdAt"),
                Items.instant(item, "updatedAt"),
                Items.instant(item, "finishedAt"),
                Items.string(item, "failureReason"));
    }
}
