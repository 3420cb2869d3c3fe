package dev.hubcrm.conversations;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerIndex;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.Transactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Channels in the hub's partition (ADR 23): {@code CHAN#<ulid>} is the channel, and
 * {@code CHFEED#<channel ulid>#<ulid>} is a copy of a member's note with its customer's name
 * (ADR 30; older entries only name the note and its customer) or points at a post of the channel,
 * so a feed page is one Query of the channel's entries newest first, the posts then read by key.
 * {@code CHJOIN#} and {@code CHRENAME#} items drive the steps of a join's copy and a rename. A post is
 * {@code CHPOST#<channel ulid>#<ulid>}; {@code CHMENTION#<customerId>#<post ulid>} puts it on the
 * timeline of each customer it mentions. An edit and the delete keep the post as it was in
 * {@code CHPOSTREV#<channel ulid>#<post ulid>#<revision ulid>} (ADR 29).
 */
public final class DynamoChannelRepository implements ChannelRepository {
    private static final String CHANNEL_PREFIX = "CHAN#";
    private static final String FEED_PREFIX = "CHFEED#";
    private static final String POST_PREFIX = "CHPOST#";
    private static final String MENTION_PREFIX = "CHMENTION#";
    private static final String REVISION_PREFIX = "CHPOSTREV#";
    private static final String JOIN_PREFIX = "CHJOIN#";
    private static final String RENAME_PREFIX = "CHRENAME#";
    private static final String VERSION_MATCHES = "version = :version";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoChannelRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(String hubId, Channel channel) {
        dynamo.putItem(r -> r.tableName(table).item(channelItem(hubId, channel)).conditionExpression("attribute_not_exists(PK)"));
    }

    @Override
    public Optional<Channel> find(String hubId, String channelId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channelId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Page<Channel> list(String hubId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, CHANNEL_PREFIX, page, DynamoChannelRepository::fromItem);
    }

    @Override
    public List<Channel> all(String hubId, int max) {
        return list(hubId, new PageRequest(max, null)).items();
    }

    @Override
    public void replace(String hubId, Channel channel) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":name", s(channel.name()), ":updatedAt", s(channel.updatedAt().toString())));
        String expression = setOrRemove("SET #name = :name, updatedAt = :updatedAt", "description", channel.description(), values);
        dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channel.id())))
                .updateExpression(expression).conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#name", "name")).expressionAttributeValues(values));
    }

    @Override
    public boolean recordBackfill(String hubId, String channelId, String fromCursor, String nextCursor, long processed) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":processed", n(processed), ":building", s(Channel.Status.BUILDING.wire())));
        String condition = "backfillStatus = :building AND " + (fromCursor == null ? "attribute_not_exists(backfillCursor)" : "backfillCursor = :from");
        if (fromCursor != null) {
            values.put(":from", s(fromCursor));
        }
        String update;
        if (nextCursor == null) {
            update = "SET backfillProcessed = :processed, backfillStatus = :ready REMOVE backfillCursor";
            values.put(":ready", s(Channel.Status.READY.wire()));
        } else {
            update = "SET backfillProcessed = :processed, backfillCursor = :next";
            values.put(":next", s(nextCursor));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channelId)))
                    .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException repeated) {
            return false;
        }
    }

    /** Where the channel's backfill stands in its item (or stream image): the cursor of the next step, null before the first. */
    public static String backfillCursor(Map<String, AttributeValue> item) {
        return Items.string(item, "backfillCursor");
    }

    @Override
    public void delete(String hubId, String channelId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channelId))));
    }

    @Override
    public void markSegmentDeleted(String hubId, String channelId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channelId)))
                    .updateExpression("SET segmentDeleted = :deleted").conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":deleted", Items.bool(true))));
        } catch (ConditionalCheckFailedException channelDeleted) {
            // nothing left to mark
        }
    }

    @Override
    public Set<String> members(String hubId, String segmentId, Collection<String> customerIds) {
        String prefix = CustomerIndex.segmentPrefix(segmentId);
        return BatchGets.read(dynamo, table, customerIds.stream().distinct().map(id -> key(hubPartition(hubId), prefix + id)).toList())
                .stream().map(item -> CustomerIndex.customerId(Items.string(item, SORT_KEY))).collect(Collectors.toSet());
    }

    @Override
    public void addToFeed(String hubId, String channelId, Collection<Note> notes, Map<String, CustomerName> names) {
        BatchWrites.write(dynamo, table, notes.stream().map(note -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(feedItem(hubId, channelId, note, names.get(note.customerId()))).build()).build()).toList());
    }

    @Override
    public void updateInFeed(String hubId, String channelId, Note note, CustomerName owner) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(feedItem(hubId, channelId, note, owner))
                    .conditionExpression("attribute_exists(PK) AND (attribute_not_exists(version) OR version < :version)")
                    .expressionAttributeValues(Map.of(":version", n(note.version()))));
        } catch (ConditionalCheckFailedException notThereOrNewer) {
            // the customer left the channel (or never was in it), or a newer edit is there already
        }
    }

    @Override
    public void renameInFeed(String hubId, String channelId, String noteId, CustomerName owner) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":version", n(owner.version())));
        String expression = setOrRemove("SET customerVersion = :version", "customerName", owner.name(), values);
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), feedPrefix(channelId) + ulid(noteId)))
                    .updateExpression(expression).expressionAttributeValues(values)
                    .conditionExpression("attribute_exists(noteKind) AND (attribute_not_exists(customerVersion) OR customerVersion < :version)"));
        } catch (ConditionalCheckFailedException notThereOrNewer) {
            // no copy of the note in this feed, or a newer name is there already
        }
    }

    /** {@code set} extended to set {@code attribute} to {@code value} (as {@code :<attribute>} in {@code values}), or to remove it when null. */
    private static String setOrRemove(String set, String attribute, String value, Map<String, AttributeValue> values) {
        if (value == null) {
            return set + " REMOVE " + attribute;
        }
        values.put(":" + attribute, s(value));
        return set + ", " + attribute + " = :" + attribute;
    }

    private static Map<String, AttributeValue> feedItem(String hubId, String channelId, Note note, CustomerName owner) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), feedPrefix(channelId) + ulid(note.id())));
        DynamoNoteRepository.putNote(item, note);
        item.put("kind", s("channel-feed"));
        item.put("itemId", s(note.id()));
        if (owner != null) {
            item.put("customerVersion", n(owner.version()));
            if (owner.name() != null) {
                item.put("customerName", s(owner.name()));
            }
        }
        return item;
    }

    @Override
    public void removeFromFeed(String hubId, String channelId, Collection<NoteSearchIndex.Ref> notes) {
        BatchWrites.write(dynamo, table, notes.stream().map(note -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(key(hubPartition(hubId), feedPrefix(channelId) + ulid(note.itemId()))).build()).build()).toList());
    }

    @Override
    public Page<FeedEntry> feed(String hubId, String channelId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, feedPrefix(channelId), page,
                item -> new FeedEntry(Items.string(item, "customerId"), Items.string(item, "itemId"),
                        item.containsKey("noteKind") ? DynamoNoteRepository.fromItem(item) : null,
                        item.containsKey("customerVersion")
                                ? new CustomerName(Items.string(item, "customerName"), Items.number(item, "customerVersion")) : null));
    }

    @Override
    public void createPost(String hubId, ChannelPost post) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(postItem(hubId, post), "attribute_not_exists(PK)", Map.of()));
        writes.add(put(Map.of("PK", s(hubPartition(hubId)), "SK", s(feedPrefix(post.channelId()) + ulid(post.id())),
                "kind", s("channel-feed"), "itemId", s(post.id())), null, Map.of()));
        post.customerIds().forEach(customerId -> writes.add(put(mentionItem(hubId, post, customerId), null, Map.of())));
        Transactions.write(dynamo, writes);
    }

    @Override
    public boolean replacePost(String hubId, ChannelPost current, ChannelPost next, PostRevision revision) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(postItem(hubId, next), VERSION_MATCHES, Map.of(":version", n(current.version()))));
        current.customerIds().stream().filter(id -> !next.customerIds().contains(id))
                .forEach(id -> writes.add(deleteKey(hubId, mentionKey(id, current.id()))));
        next.customerIds().stream().filter(id -> !current.customerIds().contains(id))
                .forEach(id -> writes.add(put(mentionItem(hubId, next, id), null, Map.of())));
        writes.add(put(revisionItem(hubId, revision), null, Map.of()));
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public boolean deletePost(String hubId, ChannelPost current, PostRevision revision) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(hubPartition(hubId), postKey(current.channelId(), current.id())))
                .conditionExpression(VERSION_MATCHES).expressionAttributeValues(Map.of(":version", n(current.version())))
                .build()).build());
        writes.add(deleteKey(hubId, feedPrefix(current.channelId()) + ulid(current.id())));
        current.customerIds().forEach(id -> writes.add(deleteKey(hubId, mentionKey(id, current.id()))));
        writes.add(put(revisionItem(hubId, revision), null, Map.of()));
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public Page<PostRevision> postHistory(String hubId, String channelId, String postId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, REVISION_PREFIX + ulid(channelId) + "#" + ulid(postId) + "#", page,
                item -> new PostRevision(NoteRevision.Action.valueOf(Items.string(item, "action")), Items.string(item, "by"),
                        Items.instant(item, "at"), postFromItem(item)));
    }

    @Override
    public Map<String, ChannelPost> posts(String hubId, String channelId, Collection<String> postIds) {
        return read(hubId, postIds.stream().map(id -> postKey(channelId, id)).toList());
    }

    @Override
    public Page<ChannelPost> mentions(String hubId, String customerId, PageRequest page) {
        Page<Map<String, AttributeValue>> entries = NewestFirst.page(dynamo, table, hubId, MENTION_PREFIX + customerId + "#", page, item -> item);
        Map<String, ChannelPost> found = read(hubId, entries.items().stream()
                .map(entry -> postKey(Items.string(entry, "channelId"), Items.string(entry, "itemId"))).toList());
        return new Page<>(entries.items().stream().map(entry -> found.get(Items.string(entry, "itemId"))).filter(Objects::nonNull).toList(),
                entries.nextCursor());
    }

    @Override
    public int eraseMentions(String hubId, String customerId, int max) {
        return BatchWrites.deleteFirst(dynamo, table, hubPartition(hubId), MENTION_PREFIX + customerId + "#", max);
    }

    @Override
    public void startJoin(String hubId, String segmentId, String customerId) {
        Map<String, AttributeValue> item = new HashMap<>(joinKey(hubId, segmentId, customerId));
        item.put("segmentId", s(segmentId));
        startSteps(item, "channel-join", customerId);
    }

    @Override
    public void startRename(String hubId, String customerId) {
        startSteps(new HashMap<>(renameKey(hubId, customerId)), "channel-rename", customerId);
    }

    private void startSteps(Map<String, AttributeValue> item, String kind, String customerId) {
        item.put("kind", s(kind));
        item.put("customerId", s(customerId));
        // A new run each time: a step of an earlier run (the customer left and came back, or was renamed again) records nothing.
        item.put("run", s(Ids.newId("run")));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public boolean recordJoin(String hubId, String segmentId, String customerId, String run, String fromCursor, String nextCursor) {
        return recordStep(joinKey(hubId, segmentId, customerId), run, fromCursor, nextCursor);
    }

    @Override
    public boolean recordRename(String hubId, String customerId, String run, String fromCursor, String nextCursor) {
        return recordStep(renameKey(hubId, customerId), run, fromCursor, nextCursor);
    }

    private boolean recordStep(Map<String, AttributeValue> stepKey, String run, String fromCursor, String nextCursor) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":run", s(run)));
        String condition = "run = :run AND " + (fromCursor == null ? "attribute_not_exists(#cursor)" : "#cursor = :from");
        if (fromCursor != null) {
            values.put(":from", s(fromCursor));
        }
        try {
            if (nextCursor == null) {
                dynamo.deleteItem(r -> r.tableName(table).key(stepKey).conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#cursor", "cursor")).expressionAttributeValues(values));
            } else {
                values.put(":next", s(nextCursor));
                dynamo.updateItem(r -> r.tableName(table).key(stepKey).updateExpression("SET #cursor = :next")
                        .conditionExpression(condition).expressionAttributeNames(Map.of("#cursor", "cursor")).expressionAttributeValues(values));
            }
            return true;
        } catch (ConditionalCheckFailedException repeatedOrCancelled) {
            return false;
        }
    }

    @Override
    public void cancelJoin(String hubId, String segmentId, String customerId) {
        dynamo.deleteItem(r -> r.tableName(table).key(joinKey(hubId, segmentId, customerId)));
    }

    private static Map<String, AttributeValue> joinKey(String hubId, String segmentId, String customerId) {
        return key(hubPartition(hubId), JOIN_PREFIX + segmentId + "#" + customerId);
    }

    private static Map<String, AttributeValue> renameKey(String hubId, String customerId) {
        return key(hubPartition(hubId), RENAME_PREFIX + customerId);
    }

    private Map<String, ChannelPost> read(String hubId, List<String> postKeys) {
        return BatchGets.read(dynamo, table, postKeys.stream().map(k -> key(hubPartition(hubId), k)).toList()).stream()
                .map(DynamoChannelRepository::postFromItem).collect(Collectors.toMap(ChannelPost::id, post -> post));
    }

    private static ChannelPost postFromItem(Map<String, AttributeValue> item) {
        Instant createdAt = Items.instant(item, "createdAt");
        Instant updatedAt = Items.instant(item, "updatedAt");
        // Posts written before edits existed have neither updatedAt nor version.
        return new ChannelPost(Items.string(item, "id"), Items.string(item, "channelId"), Items.string(item, "body"),
                Items.string(item, "author"), Items.stringList(item, "customerIds"), createdAt, updatedAt == null ? createdAt : updatedAt,
                item.containsKey("version") ? Items.number(item, "version") : 1);
    }

    private static Map<String, AttributeValue> postItem(String hubId, ChannelPost post) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), postKey(post.channelId(), post.id())));
        item.put("kind", s("channel-post"));
        putPost(item, post);
        return item;
    }

    private static void putPost(Map<String, AttributeValue> item, ChannelPost post) {
        item.put("id", s(post.id()));
        item.put("channelId", s(post.channelId()));
        item.put("body", s(post.body()));
        Items.putIfPresent(item, "author", post.author());
        item.put("customerIds", Items.strings(post.customerIds()));
        item.put("createdAt", s(post.createdAt().toString()));
        item.put("updatedAt", s(post.updatedAt().toString()));
        item.put("version", n(post.version()));
    }

    private static Map<String, AttributeValue> mentionItem(String hubId, ChannelPost post, String customerId) {
        return Map.of("PK", s(hubPartition(hubId)), "SK", s(mentionKey(customerId, post.id())),
                "kind", s("channel-mention"), "channelId", s(post.channelId()), "itemId", s(post.id()));
    }

    private static String mentionKey(String customerId, String postId) {
        return MENTION_PREFIX + customerId + "#" + ulid(postId);
    }

    private static Map<String, AttributeValue> revisionItem(String hubId, PostRevision revision) {
        ChannelPost previous = revision.previous();
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), REVISION_PREFIX + ulid(previous.channelId()) + "#"
                + ulid(previous.id()) + "#" + ulid(Ids.newId(ChannelPost.ID_PREFIX))));
        item.put("kind", s("channel-post-revision"));
        putPost(item, previous);
        item.put("action", s(revision.action().name()));
        Items.putIfPresent(item, "by", revision.by());
        item.put("at", s(revision.at().toString()));
        return item;
    }

    private TransactWriteItem deleteKey(String hubId, String sortKey) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(hubPartition(hubId), sortKey)).build()).build();
    }

    private static String postKey(String channelId, String postId) {
        return POST_PREFIX + ulid(channelId) + "#" + ulid(postId);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
            if (!values.isEmpty()) {
                put.expressionAttributeValues(values);
            }
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static String feedPrefix(String channelId) {
        return FEED_PREFIX + ulid(channelId) + "#";
    }

    /** The ULID of an id: what orders keys by creation. */
    private static String ulid(String id) {
        return id.substring(id.indexOf('_') + 1);
    }

    private static Map<String, AttributeValue> channelItem(String hubId, Channel channel) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channel.id())));
        item.put("kind", s("channel"));
        item.put("id", s(channel.id()));
        item.put("name", s(channel.name()));
        item.put("segmentId", s(channel.segmentId()));
        Items.putIfPresent(item, "description", channel.description());
        item.put("createdAt", s(channel.createdAt().toString()));
        item.put("updatedAt", s(channel.updatedAt().toString()));
        item.put("backfillStatus", s(channel.backfill().status().wire()));
        item.put("backfillProcessed", n(channel.backfill().processed()));
        return item;
    }

    /** A channel from its item or a stream image; one written before backfills existed is ready. */
    public static Channel fromItem(Map<String, AttributeValue> item) {
        return new Channel(Items.string(item, "id"), Items.string(item, "name"), Items.string(item, "segmentId"),
                Items.string(item, "description"), Items.instant(item, "createdAt"), Items.instant(item, "updatedAt"),
                new Channel.Backfill(Channel.Status.fromWire(Items.string(item, "backfillStatus")),
                        item.containsKey("backfillProcessed") ? Items.number(item, "backfillProcessed") : 0),
                Items.flag(item, "segmentDeleted"));
    }
}
