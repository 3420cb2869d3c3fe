package dev.hubcrm.segments;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.PARTITION_KEY;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerIndex;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Cursors;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.Transactions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Segments in the shared table, all in the hub's partition:
 * <ul>
 *   <li>{@code SEG#<id>}: the segment (name, rule, status, backfill progress);</li>
 *   <li>{@code SEGCAT}: the catalogue, one attribute per segment with its rule and generation, so
 *       that evaluating a customer change reads one item whatever the number of segments;</li>
 *   <li>{@code IX#seg#<segmentId>#<customerId>}: a membership, an index entry like those of the
 *       customer list (ADR 1), so {@code GET /v1/customers?segment=} is an index read; written only
 *       while the customer is at the version it was evaluated for;</li>
 *   <li>{@code SEGDUE#<customerId>}: when the customer's membership next moves by time alone, in
 *       the {@link TableDesign#REFRESH_INDEX} GSI by day and shard ({@link TableDesign#refreshBucket}).</li>
 * </ul>
 */
public final class DynamoSegmentRepository implements SegmentRepository {
    private static final String SEGMENT_PREFIX = "SEG#";
    private static final String CATALOGUE = "SEGCAT";
    private static final String CUSTOMER_PREFIX = "CUST#";
    private static final String CATALOGUE_ENTRY_PREFIX = "seg_";
    private static final String DUE_PREFIX = "SEGDUE#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSegmentRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(String hubId, Segment segment, int maxSegments) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(hubId, segment))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(hubPartition(hubId), CATALOGUE))
                        .updateExpression("SET #seg = :entry, #kind = :kind ADD #count :one")
                        .conditionExpression("attribute_not_exists(#count) OR #count < :max")
                        .expressionAttributeNames(Map.of("#seg", segment.id(), "#kind", "kind", "#count", "segmentCount"))
                        .expressionAttributeValues(Map.of(":entry", catalogueEntry(segment), ":kind", s("segment-catalogue"),
                                ":one", n(1), ":max", n(maxSegments)))).build());
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public Optional<Segment> find(String hubId, String segmentId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), SEGMENT_PREFIX + segmentId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Page<Segment> list(String hubId, PageRequest page) {
        QueryResponse response = query(hubId, SEGMENT_PREFIX, Cursors.decode(page.cursor(), SEGMENT_PREFIX), page.limit() + 1);
        List<Segment> segments = response.items().stream().limit(page.limit()).map(DynamoSegmentRepository::fromItem).toList();
        boolean more = response.items().size() > page.limit();
        return new Page<>(segments, more ? Cursors.encode(SEGMENT_PREFIX + segments.getLast().id()) : null);
    }

    @Override
    public boolean replace(String hubId, Segment current, Segment next) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(hubId, next))
                        .conditionExpression("#version = :version")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":version", n(current.version())))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(hubPartition(hubId), CATALOGUE))
                        .updateExpression("SET #seg = :entry")
                        .expressionAttributeNames(Map.of("#seg", next.id()))
                        .expressionAttributeValues(Map.of(":entry", catalogueEntry(next)))).build());
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public boolean delete(String hubId, Segment current) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(hubPartition(hubId), SEGMENT_PREFIX + current.id()))
                        .conditionExpression("#version = :version")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":version", n(current.version())))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key(hubPartition(hubId), CATALOGUE))
                        .updateExpression("REMOVE #seg ADD #count :minusOne")
                        .expressionAttributeNames(Map.of("#seg", current.id(), "#count", "segmentCount"))
                        .expressionAttributeValues(Map.of(":minusOne", n(-1)))).build());
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public Map<String, CatalogueEntry> catalogue(String hubId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), CATALOGUE)).consistentRead(true)).item();
        Map<String, CatalogueEntry> entries = new LinkedHashMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (name.startsWith(CATALOGUE_ENTRY_PREFIX) && value.hasM()) {
                    entries.put(name, new CatalogueEntry(Items.string(value.m(), "rule"), Items.number(value.m(), "generation")));
                }
            });
        }
        return entries;
    }

    @Override
    public void putMember(String hubId, String segmentId, String customerId, long customerVersion) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), CustomerIndex.segmentPrefix(segmentId) + customerId));
        item.put("kind", s("segment-member"));
        writeIfCustomerIs(hubId, customerId, customerVersion,
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
    }

    @Override
    public void removeMember(String hubId, String segmentId, String customerId, Long customerVersion) {
        writeIfCustomerIs(hubId, customerId, customerVersion, TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(key(hubPartition(hubId), CustomerIndex.segmentPrefix(segmentId) + customerId))).build());
    }

    /**
     * Writes a membership only while the customer is still at the version it was evaluated for (or,
     * with null, still deleted): an evaluation overtaken by a newer change of the customer (a
     * backfill page read before it, a stream record retried late) writes nothing, so whatever the
     * order of evaluations, the last write is that of the current version.
     */
    private void writeIfCustomerIs(String hubId, String customerId, Long customerVersion, TransactWriteItem write) {
        TransactWriteItem check = TransactWriteItem.builder().conditionCheck(c -> {
            c.tableName(table).key(key(hubPartition(hubId), CUSTOMER_PREFIX + customerId));
            if (customerVersion == null) {
                c.conditionExpression("attribute_not_exists(PK)");
            } else {
                c.conditionExpression("#version = :version").expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":version", n(customerVersion)));
            }
        }).build();
        Transactions.write(dynamo, List.of(check, write));
    }

    @Override
    public List<String> memberIds(String hubId, String segmentId, String fromId, String toId) {
        String prefix = CustomerIndex.segmentPrefix(segmentId);
        List<String> ids = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .projectionExpression("SK")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)),
                        ":from", s(prefix + (fromId == null ? "" : fromId)), ":to", s(prefix + (toId == null ? "~" : toId))))).items()) {
            ids.add(Items.string(item, SORT_KEY).substring(prefix.length()));
        }
        return ids;
    }

    @Override
    public Page<String> memberIds(String hubId, String segmentId, PageRequest page) {
        String prefix = CustomerIndex.segmentPrefix(segmentId);
        QueryResponse response = query(hubId, prefix, Cursors.decode(page.cursor(), prefix), page.limit() + 1);
        List<String> ids = response.items().stream().limit(page.limit())
                .map(item -> Items.string(item, SORT_KEY).substring(prefix.length())).toList();
        boolean more = response.items().size() > page.limit();
        return new Page<>(ids, more ? Cursors.encode(prefix + ids.getLast()) : null);
    }

    @Override
    public void removeAllMembers(String hubId, String segmentId) {
        List<WriteRequest> deletes = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .projectionExpression("PK, SK")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(CustomerIndex.segmentPrefix(segmentId))))).items()) {
            deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(item)).build());
            if (deletes.size() == BatchWrites.MAX_ITEMS) {
                BatchWrites.write(dynamo, table, deletes);
                deletes.clear();
            }
        }
        BatchWrites.write(dynamo, table, deletes);
    }

    @Override
    public boolean recordProgress(String hubId, String segmentId, long generation, String fromCursor, String nextCursor,
            long processed) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":generation", n(generation), ":processed", n(processed),
                ":building", s(Segment.Status.BUILDING.wire())));
        String condition = "#generation = :generation AND #status = :building AND "
                + (fromCursor == null ? "attribute_not_exists(#cursor)" : "#cursor = :from");
        if (fromCursor != null) {
            values.put(":from", s(fromCursor));
        }
        String update;
        if (nextCursor == null) {
            update = "SET #processed = :processed, #status = :ready REMOVE #cursor";
            values.put(":ready", s(Segment.Status.READY.wire()));
        } else {
            update = "SET #processed = :processed, #cursor = :next";
            values.put(":next", s(nextCursor));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), SEGMENT_PREFIX + segmentId))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#status", "status", "#generation", "generation", "#processed", "processed",
                            "#cursor", "backfillCursor"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return false;
        }
    }

    @Override
    public void scheduleRefresh(String hubId, String customerId, Instant dueAt) {
        Map<String, AttributeValue> key = key(hubPartition(hubId), DUE_PREFIX + customerId);
        if (dueAt == null) {
            dynamo.deleteItem(r -> r.tableName(table).key(key));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("kind", s("segment-due"));
        item.put(TableDesign.REFRESH_DAY, s(TableDesign.refreshBucket(LocalDate.ofInstant(dueAt, ZoneOffset.UTC), hubId, customerId)));
        item.put(TableDesign.REFRESH_AT, s(Items.sortableMillis(dueAt)));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public List<Due> due(Instant since, Instant until) {
        List<Due> due = new ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(since, ZoneOffset.UTC); !day.isAfter(LocalDate.ofInstant(until, ZoneOffset.UTC));
                day = day.plusDays(1)) {
            // One paginated Query per shard of the day (and the bare day of entries from before the shards).
            for (String bucket : TableDesign.refreshBuckets(day)) {
                for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).indexName(TableDesign.REFRESH_INDEX)
                        .keyConditionExpression("#day = :day AND #at <= :until")
                        .expressionAttributeNames(Map.of("#day", TableDesign.REFRESH_DAY, "#at", TableDesign.REFRESH_AT))
                        .expressionAttributeValues(Map.of(":day", s(bucket), ":until", s(Items.sortableMillis(until)))))
                        .items()) {
                    due.add(new Due(TableDesign.hubId(Items.string(item, PARTITION_KEY)),
                            Items.string(item, SORT_KEY).substring(DUE_PREFIX.length()),
                            Instant.ofEpochMilli(Long.parseLong(Items.string(item, TableDesign.REFRESH_AT)))));
                }
            }
        }
        return due;
    }

    private QueryResponse query(String hubId, String prefix, String exclusiveStart, int limit) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(prefix)))
                .consistentRead(true)
                .limit(limit);
        if (exclusiveStart != null) {
            request.exclusiveStartKey(key(hubPartition(hubId), exclusiveStart));
        }
        return dynamo.query(request.build());
    }

    private static AttributeValue catalogueEntry(Segment segment) {
        return AttributeValue.fromM(Map.of("rule", s(segment.ruleJson()), "generation", n(segment.generation())));
    }

    private static Map<String, AttributeValue> toItem(String hubId, Segment segment) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), SEGMENT_PREFIX + segment.id()));
        item.put("kind", s("segment"));
        item.put("id", s(segment.id()));
        item.put("name", s(segment.name()));
        item.put("rule", s(segment.ruleJson()));
        item.put("status", s(segment.status().wire()));
        item.put("generation", n(segment.generation()));
        item.put("processed", n(segment.processed()));
        item.put("createdAt", s(segment.createdAt().toString()));
        item.put("updatedAt", s(segment.updatedAt().toString()));
        item.put("version", n(segment.version()));
        return item;
    }

    /** A segment from its item, also as a stream image carries it. */
    public static Segment fromItem(Map<String, AttributeValue> item) {
        return new Segment(Items.string(item, "id"), Items.string(item, "name"), Items.string(item, "rule"),
                Segment.Status.valueOf(Items.string(item, "status").toUpperCase(java.util.Locale.ROOT)),
                Items.number(item, "generation"), Items.number(item, "processed"), Items.instant(item, "createdAt"),
                Items.instant(item, "updatedAt"), Items.number(item, "version"));
    }

    /** The backfill cursor a segment item (or its stream image) carries; null before the first step. */
    public static String backfillCursor(Map<String, AttributeValue> item) {
        return Items.string(item, "backfillCursor");
    }
}
