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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Channels in the hub's partition (ADR 21): {@code CHAN#<ulid>} is the channel, and
 * {@code CHFEED#<channel ulid>#<note ulid>} points at a note of a member (its customer and id), so a
 * feed page is one Query of the channel's entries newest first; the notes, the memberships and the
 * customers they name are then read by key.
 */
public final class DynamoChannelRepository implements ChannelRepository {
    private static final String CHANNEL_PREFIX = "CHAN#";
    private static final String FEED_PREFIX = "CHFEED#";

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
            item.put("noteId", s(note.noteId()));
            return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
        }).toList());
    }

    @Override
    public Page<NoteSearchIndex.Ref> feed(String hubId, String channelId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, feedPrefix(channelId), page,
                item -> new NoteSearchIndex.Ref(Items.string(item, "customerId"), Items.string(item, "noteId")));
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
