package dev.hubcrm.conversations;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerIndex;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.Transactions;
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
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Channels in the hub's partition (ADR 23): {@code CHAN#<ulid>} is the channel, and
 * {@code CHFEED#<channel ulid>#<ulid>} points at a note of a member (its customer and id) or at a
 * post of the channel, so a feed page is one Query of the channel's entries newest first; the notes,
 * posts, memberships and customers they name are then read by key. A post is
 * {@code CHPOST#<channel ulid>#<ulid>}; {@code CHMENTION#<customerId>#<post ulid>} puts it on the
 * timeline of each customer it mentions.
 */
public final class DynamoChannelRepository implements ChannelRepository {
    private static final String CHANNEL_PREFIX = "CHAN#";
    private static final String FEED_PREFIX = "CHFEED#";
    private static final String POST_PREFIX = "CHPOST#";
    private static final String MENTION_PREFIX = "CHMENTION#";

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
        dynamo.putItem(r -> r.tableName(table).item(channelItem(hubId, channel)).conditionExpression("attribute_exists(PK)"));
    }

    @Override
    public void delete(String hubId, String channelId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(hubPartition(hubId), CHANNEL_PREFIX + ulid(channelId))));
    }

    @Override
    public Set<String> members(String hubId, String segmentId, Collection<String> customerIds) {
        String prefix = CustomerIndex.segmentPrefix(segmentId);
        return BatchGets.read(dynamo, table, customerIds.stream().distinct().map(id -> key(hubPartition(hubId), prefix + id)).toList())
                .stream().map(item -> CustomerIndex.customerId(Items.string(item, SORT_KEY))).collect(Collectors.toSet());
    }

    @Override
    public void addToFeed(String hubId, String channelId, Collection<NoteSearchIndex.Ref> notes) {
        BatchWrites.write(dynamo, table, notes.stream().map(note -> {
            Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), feedPrefix(channelId) + ulid(note.noteId())));
            item.put("kind", s("channel-feed"));
            item.put("customerId", s(note.customerId()));
            item.put("itemId", s(note.noteId()));
            return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
        }).toList());
    }

    @Override
    public Page<FeedEntry> feed(String hubId, String channelId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, feedPrefix(channelId), page,
                item -> new FeedEntry(Items.string(item, "customerId"), Items.string(item, "itemId")));
    }

    @Override
    public void createPost(String hubId, ChannelPost post) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), postKey(post.channelId(), post.id())));
        item.put("kind", s("channel-post"));
        item.put("id", s(post.id()));
        item.put("channelId", s(post.channelId()));
        item.put("body", s(post.body()));
        Items.putIfPresent(item, "author", post.author());
        item.put("customerIds", Items.strings(post.customerIds()));
        item.put("createdAt", s(post.createdAt().toString()));
        writes.add(put(item, "attribute_not_exists(PK)"));
        writes.add(put(Map.of("PK", s(hubPartition(hubId)), "SK", s(feedPrefix(post.channelId()) + ulid(post.id())),
                "kind", s("channel-feed"), "itemId", s(post.id())), null));
        for (String customerId : post.customerIds()) {
            writes.add(put(Map.of("PK", s(hubPartition(hubId)), "SK", s(MENTION_PREFIX + customerId + "#" + ulid(post.id())),
                    "kind", s("channel-mention"), "channelId", s(post.channelId()), "itemId", s(post.id())), null));
        }
        Transactions.write(dynamo, writes);
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

    private Map<String, ChannelPost> read(String hubId, List<String> postKeys) {
        return BatchGets.read(dynamo, table, postKeys.stream().map(k -> key(hubPartition(hubId), k)).toList()).stream()
                .map(item -> new ChannelPost(Items.string(item, "id"), Items.string(item, "channelId"), Items.string(item, "body"),
                        Items.string(item, "author"), Items.stringList(item, "customerIds"), Items.instant(item, "createdAt")))
                .collect(Collectors.toMap(ChannelPost::id, post -> post));
    }

    private static String postKey(String channelId, String postId) {
        return POST_PREFIX + ulid(channelId) + "#" + ulid(postId);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
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
        return item;
    }

    private static Channel fromItem(Map<String, AttributeValue> item) {
        return new Channel(Items.string(item, "id"), Items.string(item, "name"), Items.string(item, "segmentId"),
                Items.string(item, "description"), Items.instant(item, "createdAt"), Items.instant(item, "updatedAt"));
    }
}
