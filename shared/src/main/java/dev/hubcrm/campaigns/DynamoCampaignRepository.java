package dev.hubcrm.campaigns;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.events.DomainEvent;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.Message;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.Cursors;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Campaigns as {@code CAMPAIGN#<id>} items in the hub's partition (ids are ULIDs: the key orders them
 * by creation, so the list is one Query). Each stats counter is a top-level number
 * ({@code statSent}...), so that a writer adds to one with a single {@code ADD}; {@code pending}
 * counts recipients recorded and not yet sent, failed or skipped (the campaign is sent at 0, once the
 * snapshot is done). The counts are spread over {@value #COUNTER_SHARDS} counter items
 * {@code CAMPAIGNCOUNT#<campaign id>#<shard>}, a recipient's always on the shard of its customer id, so that
 * a shard's {@code pending} is its own recipients not finished yet and never below 0 (ADR 34):
 * every delivery and every SES event counts in a transaction, and transactions on one item cancel each
 * other. A campaign's counts are its item's own (campaigns counted before ADR 34) plus its shards'.
 * Recipients are {@code CAMPAIGNRCPT#<campaign id>#<customer id>} items.
 */
public final class DynamoCampaignRepository implements CampaignRepository {
    static final String CAMPAIGN_PREFIX = "CAMPAIGN#";
    static final String RECIPIENT_PREFIX = "CAMPAIGNRCPT#";
    static final String COUNTER_PREFIX = "CAMPAIGNCOUNT#";
    /**
     * Counter items per campaign: a transaction holds each of its items for its few milliseconds, so one item takes some
     * tens of counted writes a second; a campaign at 100 mails a second counts each mail three to five times (sent, delivered,
     * opened...). Sixteen leave room for several hundred mails a second and keep a campaign's read at one Query of 16 small items.
     */
    static final int COUNTER_SHARDS = 16;
    /** The sender's counters on one campaign item contend with each other: keep retrying a cancelled transaction this long. */
    private static final Duration CONTENDED = Duration.ofSeconds(10);
    private static final Map<String, String> STATUS = Map.of("#status", "status");
    /** A write that may change the campaign: it is still the version read, and still a draft or scheduled. */
    private static final String CHANGEABLE = "version = :version AND #status IN (:draft, :scheduled)";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCampaignRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String statAttribute(String stat) {
        return "stat" + stat.substring(0, 1).toUpperCase(Locale.ROOT) + stat.substring(1);
    }

    static Map<String, AttributeValue> campaignKey(String hubId, String campaignId) {
        return key(hubPartition(hubId), CAMPAIGN_PREFIX + campaignId);
    }

    private static String counterPrefix(String campaignId) {
        return COUNTER_PREFIX + campaignId + "#";
    }

    /** The counter item that counts for {@code customerId}'s recipient (String's hash is specified, so every function agrees). */
    static Map<String, AttributeValue> counterKey(String hubId, String campaignId, String customerId) {
        return counterKey(hubId, campaignId, Math.floorMod(customerId.hashCode(), COUNTER_SHARDS));
    }

    private static Map<String, AttributeValue> counterKey(String hubId, String campaignId, int shard) {
        return key(hubPartition(hubId), counterPrefix(campaignId) + String.format(Locale.ROOT, "%02d", shard));
    }

    /** Adds to the counters of {@code customerId}'s shard (negative: takes away), as one write of a transaction. */
    static TransactWriteItem count(String table, String hubId, String campaignId, String customerId, Map<String, Integer> deltas) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> adds = new ArrayList<>();
        deltas.forEach((attribute, delta) -> {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, n(delta));
            adds.add("#" + attribute + " :" + attribute);
        });
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(counterKey(hubId, campaignId, customerId))
                .updateExpression("ADD " + String.join(", ", adds)).expressionAttributeNames(names)
                .expressionAttributeValues(values).build()).build();
    }

    /** The campaign's counter items, read consistently in one Query. */
    private List<Map<String, AttributeValue>> counterItems(String hubId, String campaignId) {
        return dynamo.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(counterPrefix(campaignId))))).items();
    }

    /** Only a campaign that started sending has counts. */
    private static boolean counted(Campaign campaign) {
        return campaign.status() == CampaignStatus.SENDING || campaign.status() == CampaignStatus.SENT;
    }

    /** The campaign with its counter items' counts added to its own. */
    private static Campaign withCounts(Campaign campaign, List<Map<String, AttributeValue>> counters) {
        if (counters.isEmpty()) {
            return campaign;
        }
        List<Long> own = campaign.stats().values();
        List<Long> stats = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            String attribute = statAttribute(CampaignStats.NAMES.get(i));
            stats.add(own.get(i) + counters.stream().mapToLong(counter -> Items.number(counter, attribute)).sum());
        }
        return campaign.withStats(CampaignStats.of(stats));
    }

    @Override
    public void create(String hubId, Campaign campaign) {
        dynamo.putItem(r -> r.tableName(table).item(toItem(hubId, campaign)).conditionExpression("attribute_not_exists(PK)"));
    }

    @Override
    public Optional<Campaign> find(String hubId, String campaignId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(campaignKey(hubId, campaignId))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Campaign campaign = fromItem(item);
        return Optional.of(counted(campaign) ? withCounts(campaign, counterItems(hubId, campaignId)) : campaign);
    }

    /** The campaign's status alone, one small read by key: for a caller that waits for it to change (the rate benchmark). */
    public Optional<CampaignStatus> status(String hubId, String campaignId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(campaignKey(hubId, campaignId)).consistentRead(true)
                .projectionExpression("#status").expressionAttributeNames(STATUS)).item();
        return item.isEmpty() ? Optional.empty() : Optional.of(CampaignStatus.fromWire(Items.string(item, "status")));
    }

    /** A page of campaigns, and the counter items of those that sent, in BatchGetItem calls of 100 keys. */
    @Override
    public Page<Campaign> list(String hubId, PageRequest page) {
        Page<Campaign> campaigns = NewestFirst.page(dynamo, table, hubId, CAMPAIGN_PREFIX, page, DynamoCampaignRepository::fromItem);
        List<Map<String, AttributeValue>> keys = campaigns.items().stream().filter(DynamoCampaignRepository::counted)
                .flatMap(campaign -> IntStream.range(0, COUNTER_SHARDS).mapToObj(shard -> counterKey(hubId, campaign.id(), shard)))
                .toList();
        if (keys.isEmpty()) {
            return campaigns;
        }
        Map<String, List<Map<String, AttributeValue>>> counters = BatchGets.read(dynamo, table, keys).stream()
                .collect(Collectors.groupingBy(item -> campaignIdOfCounter(Items.string(item, TableDesign.SORT_KEY))));
        return new Page<>(campaigns.items().stream().map(campaign -> withCounts(campaign, counters.getOrDefault(campaign.id(), List.of())))
                .toList(), campaigns.nextCursor());
    }

    private static String campaignIdOfCounter(String sortKey) {
        return sortKey.substring(COUNTER_PREFIX.length(), sortKey.lastIndexOf('#'));
    }

    @Override
    public boolean replace(String hubId, Campaign current, Campaign next) {
        return changeable(current, values -> dynamo.putItem(r -> r.tableName(table).item(toItem(hubId, next))
                .conditionExpression(CHANGEABLE).expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)));
    }

    @Override
    public boolean delete(String hubId, Campaign current) {
        return changeable(current, values -> dynamo.deleteItem(r -> r.tableName(table).key(campaignKey(hubId, current.id()))
                .conditionExpression(CHANGEABLE).expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)));
    }

    private static boolean changeable(Campaign current, Consumer<Map<String, AttributeValue>> write) {
        return updated(() -> write.accept(Map.of(":version", n(current.version()), ":draft", s(CampaignStatus.DRAFT.wire()),
                ":scheduled", s(CampaignStatus.SCHEDULED.wire()))));
    }

    static Map<String, AttributeValue> toItem(String hubId, Campaign campaign) {
        Map<String, AttributeValue> item = new HashMap<>(campaignKey(hubId, campaign.id()));
        item.put("kind", s("campaign"));
        item.put("id", s(campaign.id()));
        item.put("name", s(campaign.name()));
        item.put("segmentId", s(campaign.segmentId()));
        item.put("subject", s(campaign.subject()));
        item.put("text", s(campaign.text()));
        Items.putIfPresent(item, "html", campaign.html());
        item.put("status", s(campaign.status().wire()));
        List<Long> stats = campaign.stats().values();
        for (int i = 0; i < stats.size(); i++) {
            item.put(statAttribute(CampaignStats.NAMES.get(i)), n(stats.get(i)));
        }
        Items.putIfPresent(item, "snapshotCursor", campaign.snapshotCursor());
        item.put("snapshotDone", Items.bool(campaign.snapshotDone()));
        Items.putIfPresent(item, "sendStartedAt", campaign.sendStartedAt());
        Items.putIfPresent(item, "scheduledAt", campaign.scheduledAt());
        if (campaign.status() == CampaignStatus.SCHEDULED) {
            item.put(TableDesign.DUE_BUCKET, s(CampaignDue.bucket(campaign.scheduledAt(), hubId, campaign.id())));
            item.put(TableDesign.DUE_AT, s(CampaignDue.dueAt(campaign.scheduledAt())));
        }
        item.put("createdAt", s(campaign.createdAt().toString()));
        item.put("updatedAt", s(campaign.updatedAt().toString()));
        item.put("version", n(campaign.version()));
        return item;
    }

    static Campaign fromItem(Map<String, AttributeValue> item) {
        List<Long> stats = CampaignStats.NAMES.stream()
                .map(name -> Items.number(item, statAttribute(name))).toList();
        return new Campaign(Items.string(item, "id"), Items.string(item, "name"), Items.string(item, "segmentId"),
                Items.string(item, "subject"), Items.string(item, "text"), Items.string(item, "html"),
                CampaignStatus.fromWire(Items.string(item, "status")), CampaignStats.of(stats), Items.string(item, "snapshotCursor"),
                Items.flag(item, "snapshotDone"),
                Items.instant(item, "sendStartedAt"), Items.instant(item, "scheduledAt"), Items.instant(item, "createdAt"), Items.instant(item, "updatedAt"),
                Items.number(item, "version"));
    }

    static Map<String, AttributeValue> recipientKey(String hubId, String campaignId, String customerId) {
        return key(hubPartition(hubId), RECIPIENT_PREFIX + campaignId + "#" + customerId);
    }

    @Override
    public boolean startSending(String hubId, Campaign current, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":version", n(current.version()),
                ":draft", s(CampaignStatus.DRAFT.wire()), ":scheduled", s(CampaignStatus.SCHEDULED.wire()),
                ":sending", s(CampaignStatus.SENDING.wire()), ":at", s(at.toString()), ":next", n(current.version() + 1)));
        return updated(() -> dynamo.updateItem(r -> r.tableName(table).key(campaignKey(hubId, current.id()))
                // Out of the due index: the sweep never finds a started campaign again.
                .updateExpression("SET #status = :sending, sendStartedAt = :at, updatedAt = :at, version = :next REMOVE "
                        + TableDesign.DUE_BUCKET + ", " + TableDesign.DUE_AT)
                .conditionExpression(CHANGEABLE).expressionAttributeNames(STATUS).expressionAttributeValues(values)));
    }

    @Override
    public List<CampaignRef> due(List<String> buckets, Instant now) {
        List<CampaignRef> due = new ArrayList<>();
        for (String bucket : buckets) {
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).indexName(TableDesign.CAMPAIGN_DUE_INDEX)
                    .keyConditionExpression("#bucket = :bucket AND #at <= :now")
                    .expressionAttributeNames(Map.of("#bucket", TableDesign.DUE_BUCKET, "#at", TableDesign.DUE_AT))
                    .expressionAttributeValues(Map.of(":bucket", s(bucket), ":now", s(CampaignDue.dueAt(now))))).items()) {
                due.add(new CampaignRef(TableDesign.hubId(Items.string(item, TableDesign.PARTITION_KEY)),
                        Items.string(item, TableDesign.SORT_KEY).substring(CAMPAIGN_PREFIX.length())));
            }
        }
        return due;
    }

    @Override
    public void undoStart(String hubId, String campaignId, Instant at) {
        updated(() -> dynamo.updateItem(r -> r.tableName(table).key(campaignKey(hubId, campaignId))
                .updateExpression("SET #status = :draft, updatedAt = :at REMOVE sendStartedAt")
                .conditionExpression("#status = :sending AND attribute_not_exists(snapshotCursor) AND snapshotDone = :false")
                .expressionAttributeNames(STATUS).expressionAttributeValues(Map.of(":draft", s(CampaignStatus.DRAFT.wire()),
                        ":sending", s(CampaignStatus.SENDING.wire()), ":at", s(at.toString()), ":false", Items.bool(false)))));
    }

    @Override
    public Map<String, RecipientStatus> recipientStatuses(String hubId, String campaignId, List<String> customerIds) {
        Map<String, RecipientStatus> statuses = new HashMap<>();
        BatchGets.read(dynamo, table, customerIds.stream().map(id -> recipientKey(hubId, campaignId, id)).toList()).forEach(item ->
                statuses.put(Items.string(item, "customerId"), RecipientStatus.fromWire(Items.string(item, "status"))));
        return statuses;
    }

    @Override
    public boolean addRecipients(String hubId, String campaignId, List<String> customerIds, Instant at) {
        if (customerIds.isEmpty()) {
            return true;
        }
        if (customerIds.size() > MAX_NEW_RECIPIENTS) {
            throw new IllegalArgumentException("at most " + MAX_NEW_RECIPIENTS + " recipients a transaction");
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        for (String customerId : customerIds) {
            Map<String, AttributeValue> item = new HashMap<>(recipientKey(hubId, campaignId, customerId));
            item.put("kind", s("campaign-recipient"));
            item.put("customerId", s(customerId));
            item.put("status", s(RecipientStatus.QUEUED.wire()));
            item.put("updatedAt", s(at.toString()));
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK)")).build());
        }
        // Each recipient counted on its own shard: one update per shard the page touches.
        customerIds.stream().collect(Collectors.groupingBy(id -> counterKey(hubId, campaignId, id), LinkedHashMap::new, Collectors.toList()))
                .values().forEach(ofShard -> writes.add(count(table, hubId, campaignId, ofShard.get(0),
                        Map.of(statAttribute("recipients"), ofShard.size(), "pending", ofShard.size()))));
        return Transactions.write(dynamo, writes, CONTENDED) < 0;
    }

    @Override
    public boolean advanceSnapshot(String hubId, String campaignId, String fromCursor, String nextCursor, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", s(at.toString()), ":sending", s(CampaignStatus.SENDING.wire())));
        String condition = "#status = :sending AND snapshotDone = :false AND "
                + (fromCursor == null ? "attribute_not_exists(snapshotCursor)" : "snapshotCursor = :from");
        values.put(":false", Items.bool(false));
        if (fromCursor != null) {
            values.put(":from", s(fromCursor));
        }
        String update;
        if (nextCursor == null) {
            update = "SET snapshotDone = :true, updatedAt = :at REMOVE snapshotCursor";
            values.put(":true", Items.bool(true));
        } else {
            update = "SET snapshotCursor = :next, updatedAt = :at";
            values.put(":next", s(nextCursor));
        }
        TransactWriteItem advance = TransactWriteItem.builder().update(Update.builder().tableName(table).key(campaignKey(hubId, campaignId))
                .updateExpression(update).conditionExpression(condition).expressionAttributeNames(STATUS).expressionAttributeValues(values)
                .build()).build();
        // The first step is where the campaign has really started: a start undone before any step ran publishes nothing.
        return Transactions.write(dynamo, fromCursor == null
                ? List.of(advance, DynamoOutbox.put(table, DomainEvent.campaignStarted(hubId, campaignId), at)) : List.of(advance)) < 0;
    }

    @Override
    public Optional<Recipient> recipient(String hubId, String campaignId, String customerId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(recipientKey(hubId, campaignId, customerId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(recipientFromItem(item));
    }

    @Override
    public Claim claim(String hubId, String campaignId, String customerId, Instant now, Instant leaseUntil) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(recipientKey(hubId, campaignId, customerId))
                    .updateExpression("SET #status = :sending, leaseUntil = :lease, updatedAt = :now")
                    .conditionExpression("#status = :queued OR (#status = :sending AND leaseUntil < :now)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .expressionAttributeNames(STATUS).expressionAttributeValues(Map.of(":sending", s(RecipientStatus.SENDING.wire()),
                            ":queued", s(RecipientStatus.QUEUED.wire()), ":lease", s(leaseUntil.toString()), ":now", s(now.toString()))));
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException refused) {
            // No item: a recipient the snapshot never recorded, as good as finished for a delivery.
            return !refused.hasItem() || refused.item().isEmpty() || recipientFromItem(refused.item()).status().finished()
                    ? Claim.FINISHED : Claim.HELD;
        }
    }

    @Override
    public void release(String hubId, String campaignId, String customerId, Instant at) {
        updated(() -> dynamo.updateItem(r -> r.tableName(table).key(recipientKey(hubId, campaignId, customerId))
                .updateExpression("SET #status = :queued, updatedAt = :at REMOVE leaseUntil")
                .conditionExpression("#status = :sending").expressionAttributeNames(STATUS)
                .expressionAttributeValues(Map.of(":sending", s(RecipientStatus.SENDING.wire()),
                        ":queued", s(RecipientStatus.QUEUED.wire()), ":at", s(at.toString())))));
    }

    @Override
    public void recordSent(String hubId, String campaignId, String customerId, Message message) {
        TransactWriteItem recipient = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(recipientKey(hubId, campaignId, customerId))
                .updateExpression("SET #status = :sent, messageId = :messageId, sentAt = :at, updatedAt = :at REMOVE leaseUntil")
                .conditionExpression("#status = :sending").expressionAttributeNames(STATUS)
                .expressionAttributeValues(Map.of(":sent", s(RecipientStatus.SENT.wire()), ":sending", s(RecipientStatus.SENDING.wire()),
                        ":messageId", s(message.providerMessageId()), ":at", s(message.sentAt().toString())))
                .build()).build();
        TransactWriteItem history = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(DynamoMessageRepository.item(hubId, message))).build();
        TransactWriteItem lookup = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(DynamoMailEventRepository.lookupItem(hubId, message))).build();
        if (Transactions.write(dynamo, List.of(recipient, count(table, hubId, campaignId, customerId, Map.of(statAttribute("sent"), 1, "pending", -1)),
                history, lookup), CONTENDED) >= 0) {
            throw new IllegalStateException("recipient " + customerId + " of campaign " + campaignId + " was not claimed when its mail was sent");
        }
    }

    @Override
    public void recordNotSent(String hubId, String campaignId, String customerId, RecipientStatus status, String reason, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.wire()), ":at", s(at.toString()),
                ":queued", s(RecipientStatus.QUEUED.wire()), ":sending", s(RecipientStatus.SENDING.wire())));
        String update = "SET #status = :status, updatedAt = :at REMOVE leaseUntil";
        if (reason != null) {
            update = "SET #status = :status, failureReason = :reason, updatedAt = :at REMOVE leaseUntil";
            values.put(":reason", s(reason));
        }
        String expression = update;
        TransactWriteItem recipient = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(recipientKey(hubId, campaignId, customerId)).updateExpression(expression)
                .conditionExpression("#status IN (:queued, :sending)").expressionAttributeNames(STATUS)
                .expressionAttributeValues(values).build()).build();
        Map<String, Integer> counts = status == RecipientStatus.FAILED
                ? Map.of(statAttribute("failed"), 1, "pending", -1) : Map.of("pending", -1);
        Transactions.write(dynamo, List.of(recipient, count(table, hubId, campaignId, customerId, counts)), CONTENDED);
    }

    @Override
    public boolean finishIfDone(String hubId, String campaignId, Instant at) {
        // Consistent reads first: every round asks, and only the last finds the campaign done; a transaction refused by
        // its condition would cost each of the others two writes on each of its items.
        Map<String, AttributeValue> campaign = dynamo.getItem(r -> r.tableName(table).key(campaignKey(hubId, campaignId))
                .consistentRead(true).projectionExpression("#status, snapshotDone, pending").expressionAttributeNames(STATUS)).item();
        if (!CampaignStatus.SENDING.wire().equals(Items.string(campaign, "status")) || !Items.flag(campaign, "snapshotDone")) {
            return false;
        }
        List<Map<String, AttributeValue>> counters = counterItems(hubId, campaignId);
        long pending = Items.number(campaign, "pending") + counters.stream().mapToLong(counter -> Items.number(counter, "pending")).sum();
        if (pending != 0) {
            return false;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table).key(campaignKey(hubId, campaignId))
                .updateExpression("SET #status = :sent, updatedAt = :at")
                .conditionExpression("#status = :sending AND snapshotDone = :true AND " + unchanged(campaign))
                .expressionAttributeNames(STATUS).expressionAttributeValues(Map.of(":sent", s(CampaignStatus.SENT.wire()),
                        ":sending", s(CampaignStatus.SENDING.wire()), ":true", Items.bool(true), ":pending", n(Items.number(campaign, "pending")),
                        ":at", s(at.toString()))).build()).build());
        // Each counter item as it was read: a count that moved since is a delivery that will ask again itself.
        for (Map<String, AttributeValue> counter : counters) {
            writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(Items.string(counter, TableDesign.PARTITION_KEY),
                    Items.string(counter, TableDesign.SORT_KEY))).conditionExpression(unchanged(counter))
                    .expressionAttributeValues(Map.of(":pending", n(Items.number(counter, "pending"))))).build());
        }
        writes.add(DynamoOutbox.put(table, DomainEvent.campaignSent(hubId, campaignId), at));
        return Transactions.write(dynamo, writes, CONTENDED) < 0;
    }

    /** The condition that an item's {@code pending} is still what {@code item} shows ({@code :pending}; absent reads as 0). */
    private static String unchanged(Map<String, AttributeValue> item) {
        return item.containsKey("pending") ? "pending = :pending" : "(attribute_not_exists(pending) OR pending = :pending)";
    }

    @Override
    public Page<Recipient> recipients(String hubId, String campaignId, RecipientStatus status, PageRequest page) {
        String prefix = RECIPIENT_PREFIX + campaignId + "#";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(prefix)));
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)").limit(page.limit());
        if (status != null) {
            request.filterExpression("#status = :status").expressionAttributeNames(STATUS);
            values.put(":status", s(status.wire()));
        }
        String start = Cursors.decode(page.cursor(), prefix);
        if (start != null) {
            request.exclusiveStartKey(key(hubPartition(hubId), start));
        }
        QueryResponse response = dynamo.query(request.expressionAttributeValues(values).build());
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new Page<>(response.items().stream().map(DynamoCampaignRepository::recipientFromItem).toList(),
                more ? Cursors.encode(response.lastEvaluatedKey().get(dev.hubcrm.store.TableDesign.SORT_KEY).s()) : null);
    }

    @Override
    public boolean recordUnsubscribe(String hubId, String campaignId, String customerId, Message entry) {
        TransactWriteItem recipient = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(recipientKey(hubId, campaignId, customerId))
                .updateExpression("SET unsubscribedAt = :at")
                .conditionExpression("attribute_exists(PK) AND attribute_not_exists(unsubscribedAt)")
                .expressionAttributeValues(Map.of(":at", s(entry.sentAt().toString()))).build()).build();
        TransactWriteItem history = TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(DynamoMessageRepository.item(hubId, entry))).build();
        return Transactions.write(dynamo, List.of(recipient, count(table, hubId, campaignId, customerId, Map.of(statAttribute("unsubscribed"), 1)),
                history, DynamoOutbox.put(table, DomainEvent.customerUnsubscribed(hubId, campaignId, customerId), entry.sentAt())),
                CONTENDED) < 0;
    }

    /** Runs a conditional write; false when its condition failed. */
    private static boolean updated(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static Recipient recipientFromItem(Map<String, AttributeValue> item) {
        return new Recipient(Items.string(item, "customerId"), RecipientStatus.fromWire(Items.string(item, "status")),
                Items.string(item, "messageId"), Items.string(item, "failureReason"), Items.instant(item, "sentAt"),
                Items.instant(item, "leaseUntil"));
    }
}
