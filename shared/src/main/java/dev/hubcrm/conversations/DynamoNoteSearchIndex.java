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
 * The note search index as {@code NTOK#<key>#<note ulid>} items in the hub's partition (ADR 19): a
 * key's notes are one Query, newest first by the ULID of their id. Written in batches after the
 * note (a body has up to thousands of keys, far more than a transaction takes).
 */
public final class DynamoNoteSearchIndex implements NoteSearchIndex {
    private static final String TOKEN_PREFIX = "NTOK#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoNoteSearchIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void update(String hubId, Ref note, Set<String> added, Set<String> removed) {
        String partition = TableDesign.hubPartition(hubId);
        List<WriteRequest> writes = new ArrayList<>();
        for (String token : removed) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(partition, sortKey(token, note))).build()).build());
        }
        for (String token : added) {
            Map<String, AttributeValue> item = new HashMap<>(key(partition, sortKey(token, note)));
            item.put("kind", s("note-token"));
            item.put("customerId", s(note.customerId()));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWrites.write(dynamo, table, writes);
    }

    @Override
    public Page<Ref> lookup(String hubId, String key, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, TOKEN_PREFIX + key + "#", page, item -> {
            String sortKey = Items.string(item, SORT_KEY);
            return new Ref(Items.string(item, "customerId"), Note.ID_PREFIX + "_" + sortKey.substring(sortKey.lastIndexOf('#') + 1));
        });
    }

    private static String sortKey(String token, Ref note) {
        return TOKEN_PREFIX + token + "#" + note.noteId().substring(Note.ID_PREFIX.length() + 1);
    }
}
