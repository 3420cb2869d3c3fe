package dev.hubcrm.conversations;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.TableDesign;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The search index as {@code NTOK#<key>#<ulid>} items in the hub's partition (ADR 19, 31): a key's
 * notes ({@code customerId}), channel posts ({@code channelId}) and inbox mails (neither) are one
 * Query, newest first by the ULID of their id, and each entry carries what a hit shows and the
 * item's words. An item with more words than {@value #INLINE_WORD_BYTES} bytes keeps them once, in
 * {@code NTOKWORDS#<ulid>}, read by key only when a query needs them. Written in batches after the
 * item (a body has up to thousands of keys, far more than a transaction takes).
 */
public final class DynamoNoteSearchIndex implements NoteSearchIndex {
    private static final String TOKEN_PREFIX = "NTOK#";
    private static final String WORDS_PREFIX = "NTOKWORDS#";
    /** Words carried on each entry up to this size, so a typical entry stays within one write unit. */
    static final int INLINE_WORD_BYTES = 400;
    private static final String NOTE_OWNER = "customerId";
    private static final String POST_OWNER = "channelId";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoNoteSearchIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void write(String hubId, Document before, Document after, Set<String> put, Set<String> removed) {
        String partition = TableDesign.hubPartition(hubId);
        Ref ref = (after != null ? after : before).ref();
        List<WriteRequest> writes = new ArrayList<>();
        Set<String> words = after == null ? Set.of() : after.words();
        boolean inline = fitsInline(words);
        if (!inline && !put.isEmpty()) {
            // Before the entries that need it: an entry never points at words not yet written.
            Map<String, AttributeValue> item = new HashMap<>(key(partition, WORDS_PREFIX + ulid(ref)));
            item.put("kind", s("note-words"));
            item.put("words", AttributeValue.fromSs(List.copyOf(words)));
            BatchWrites.write(dynamo, table, List.of(put(item)));
        }
        for (String token : removed) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(partition, sortKey(token, ref))).build()).build());
        }
        for (String token : put) {
            writes.add(put(entry(partition, token, after, inline ? words : null)));
        }
        if (inline && before != null && !fitsInline(before.words())) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(partition, WORDS_PREFIX + ulid(ref))).build()).build());
        }
        BatchWrites.write(dynamo, table, writes);
    }

    @Override
    public Page<Entry> lookup(String hubId, String key, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, TOKEN_PREFIX + key + "#", page, DynamoNoteSearchIndex::entryOf);
    }

    @Override
    public Map<String, Set<String>> words(String hubId, Collection<Ref> items) {
        String partition = TableDesign.hubPartition(hubId);
        Map<String, String> idByUlid = items.stream().collect(Collectors.toMap(DynamoNoteSearchIndex::ulid, Ref::itemId, (a, b) -> a));
        return BatchGets.read(dynamo, table, idByUlid.keySet().stream().map(ulid -> key(partition, WORDS_PREFIX + ulid)).toList()).stream()
                .collect(Collectors.toMap(item -> idByUlid.get(Items.string(item, SORT_KEY).substring(WORDS_PREFIX.length())),
                        item -> new TreeSet<>(item.get("words").ss())));
    }

    private static boolean fitsInline(Set<String> words) {
        return words.stream().mapToInt(word -> word.getBytes(StandardCharsets.UTF_8).length + 1).sum() <= INLINE_WORD_BYTES;
    }

    private static Map<String, AttributeValue> entry(String partition, String token, Document item, Set<String> inlineWords) {
        Ref ref = item.ref();
        Shown shown = item.shown();
        Map<String, AttributeValue> entry = new HashMap<>(key(partition, sortKey(token, ref)));
        entry.put("kind", s("note-token"));
        if (!ref.isInbox()) {
            entry.put(ref.isPost() ? POST_OWNER : NOTE_OWNER, s(ref.ownerId()));
        }
        entry.put("itemKind", s(shown.kind()));
        entry.put("createdAt", s(shown.createdAt().toString()));
        entry.put("snippet", s(shown.snippet()));
        if (shown.mail() != null) {
            Items.putIfPresent(entry, "mailFrom", shown.mail().from());
            Items.putIfPresent(entry, "mailFromName", shown.mail().fromName());
            Items.putIfPresent(entry, "mailSubject", shown.mail().subject());
            entry.put("mailTruncated", Items.bool(shown.mail().truncated()));
        }
        if (inlineWords != null && !inlineWords.isEmpty()) {
            entry.put("words", AttributeValue.fromSs(List.copyOf(inlineWords)));
        }
        return entry;
    }

    private static Entry entryOf(Map<String, AttributeValue> item) {
        String sortKey = Items.string(item, SORT_KEY);
        String ulid = sortKey.substring(sortKey.lastIndexOf('#') + 1);
        String channelId = Items.string(item, POST_OWNER);
        String customerId = Items.string(item, NOTE_OWNER);
        Ref ref = channelId != null ? new Ref(channelId, ChannelPost.ID_PREFIX + "_" + ulid)
                : customerId != null ? new Ref(customerId, Note.ID_PREFIX + "_" + ulid) : new Ref(null, InboxMail.ID_PREFIX + "_" + ulid);
        MailOrigin mail = item.containsKey("mailTruncated") ? new MailOrigin(Items.string(item, "mailFrom"),
                Items.string(item, "mailFromName"), Items.string(item, "mailSubject"), null, Items.flag(item, "mailTruncated")) : null;
        // An entry written before ADR 31 has no itemKind: it shows nothing.
        Shown shown = item.containsKey("itemKind") ? new Shown(Items.string(item, "itemKind"), Items.instant(item, "createdAt"),
                Items.string(item, "snippet"), mail) : null;
        AttributeValue words = item.get("words");
        return new Entry(ref, shown, words == null ? null : new TreeSet<>(words.ss()));
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static String ulid(Ref ref) {
        return ref.itemId().substring(ref.itemId().indexOf('_') + 1);
    }

    private static String sortKey(String token, Ref ref) {
        return TOKEN_PREFIX + token + "#" + ulid(ref);
    }
}
