package dev.hubcrm.conversations;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.TableDesign;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The note search index as {@code NTOK#<key>#<ulid>} items in the hub's partition (ADR 19): a
 * key's notes and channel posts (ADR 29: with {@code channelId} instead of {@code customerId}) are
 * one Query, newest first by the ULID of their id. Written in batches after the
 * note (a body has up to thousands of keys, far more than a transaction takes).
 */
public final class DynamoNoteSearchIndex implements NoteSearchIndex {
    private static final String TOKEN_PREFIX = "NTOK#";
    /** The attribute that names what a key points at: a note's customer, or a post's channel. */
    private static final String NOTE_OWNER = "customerId";
    private static final String POST_OWNER = "channelId";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoNoteSearchIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void update(String hubId, Ref item, Set<String> added, Set<String> removed) {
        String partition = TableDesign.hubPartition(hubId);
        List<WriteRequest> writes = new ArrayList<>();
        for (String token : removed) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(partition, sortKey(token, item))).build()).build());
        }
        for (String token : added) {
            Map<String, AttributeValue> entry = new HashMap<>(key(partition, sortKey(token, item)));
            entry.put("kind", s("note-token"));
            entry.put(item.isPost() ? POST_OWNER : NOTE_OWNER, s(item.ownerId()));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(entry).build()).build());
        }
        BatchWrites.write(dynamo, table, writes);
    }

    @Override
    public Page<Ref> lookup(String hubId, String key, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, TOKEN_PREFIX + key + "#", page, item -> {
            String sortKey = Items.string(item, SORT_KEY);
            String ulid = sortKey.substring(sortKey.lastIndexOf('#') + 1);
            String channelId = Items.string(item, POST_OWNER);
            return channelId != null ? new Ref(channelId, ChannelPost.ID_PREFIX + "_" + ulid)
                    : new Ref(Items.string(item, NOTE_OWNER), Note.ID_PREFIX + "_" + ulid);
        });
    }

    private static String sortKey(String token, Ref item) {
        return TOKEN_PREFIX + token + "#" + item.itemId().substring(item.itemId().indexOf('_') + 1);
    }
}
