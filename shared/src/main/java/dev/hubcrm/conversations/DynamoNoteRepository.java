package dev.hubcrm.conversations;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Cursors;
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
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Notes in the hub's partition (ADR 19). The note is {@code NOTE#<customerId>#<ulid>}: the ULID of
 * its id orders a customer's notes by creation, so the list and the timeline read one Query. Two
 * kinds of index items point at it, written in the same transaction as the note, so that neither
 * is ever behind it: {@code NOTEKIND#<customerId>#<kind>#<ulid>} for {@code ?kind=}, and, while a
 * reminder is open, {@code NOTEDUE#<due epoch ms>#<ulid>} for the hub's due lists. Each edit and
 * the delete put a {@code NOTEREV#<customerId>#<ulid>#<revision ulid>} with the note as it was.
 * {@code NOTEPURGE#<customerId>} marks a deleted customer's notes being erased, a step per stream record (ADR 29).
 */
public final class DynamoNoteRepository implements NoteRepository {
    private static final String NOTE_PREFIX = "NOTE#";
    private static final String KIND_PREFIX = "NOTEKIND#";
    private static final String DUE_PREFIX = "NOTEDUE#";
    private static final String REVISION_PREFIX = "NOTEREV#";
    private static final String PURGE_PREFIX = "NOTEPURGE#";
    private static final String VERSION_MATCHES = "version = :version";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoNoteRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(String hubId, Note note) {
        Transactions.write(dynamo, createWrites(hubId, note));
    }

    /** The writes that create the note and its index items, for a transaction that writes more with them. */
    List<TransactWriteItem> createWrites(String hubId, Note note) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(noteItem(hubId, note), "attribute_not_exists(PK)", Map.of()));
        writes.addAll(indexPuts(hubId, note));
        return writes;
    }

    @Override
    public Optional<Note> find(String hubId, String customerId, String noteId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(hubPartition(hubId), noteKey(customerId, noteId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Map<String, Note> findAll(String hubId, Collection<NoteSearchIndex.Ref> notes) {
        return BatchGets.read(dynamo, table, notes.stream().map(n -> key(hubPartition(hubId), noteKey(n.ownerId(), n.itemId()))).toList())
                .stream().map(DynamoNoteRepository::fromItem).collect(Collectors.toMap(Note::id, note -> note));
    }

    @Override
    public boolean replace(String hubId, Note current, Note next, NoteRevision revision) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(noteItem(hubId, next), VERSION_MATCHES, Map.of(":version", n(current.version()))));
        indexKeys(current).stream().filter(k -> !indexKeys(next).contains(k)).forEach(k -> writes.add(delete(hubId, k)));
        writes.addAll(indexPuts(hubId, next));
        writes.add(put(revisionItem(hubId, revision), null, Map.of()));
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public boolean delete(String hubId, Note current, NoteRevision revision) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(hubPartition(hubId), noteKey(current.customerId(), current.id())))
                .conditionExpression(VERSION_MATCHES).expressionAttributeValues(Map.of(":version", n(current.version())))
                .build()).build());
        indexKeys(current).forEach(k -> writes.add(delete(hubId, k)));
        writes.add(put(revisionItem(hubId, revision), null, Map.of()));
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public void erase(String hubId, Note note) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(delete(hubId, noteKey(note.customerId(), note.id())));
        indexKeys(note).forEach(k -> writes.add(delete(hubId, k)));
        Transactions.write(dynamo, writes);
    }

    @Override
    public int eraseHistory(String hubId, String customerId, int max) {
        return BatchWrites.deleteFirst(dynamo, table, hubPartition(hubId), REVISION_PREFIX + customerId + "#", max);
    }

    @Override
    public void recordPurge(String hubId, String customerId, Integer step) {
        Map<String, AttributeValue> key = key(hubPartition(hubId), PURGE_PREFIX + customerId);
        if (step == null) {
            dynamo.deleteItem(r -> r.tableName(table).key(key));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("kind", s("note-purge"));
        item.put("customerId", s(customerId));
        item.put("step", n(step));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Page<Note> list(String hubId, String customerId, NoteKind kind, PageRequest page) {
        if (kind == null) {
            return NewestFirst.page(dynamo, table, hubId, NOTE_PREFIX + customerId + "#", page, DynamoNoteRepository::fromItem);
        }
        Page<Map<String, AttributeValue>> entries = NewestFirst.page(dynamo, table, hubId,
                KIND_PREFIX + customerId + "#" + kind.wire() + "#", page, item -> item);
        return new Page<>(notesAt(hubId, entries.items()), entries.nextCursor());
    }

    @Override
    public Page<NoteRevision> history(String hubId, String customerId, String noteId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, REVISION_PREFIX + customerId + "#" + ulid(noteId) + "#", page,
                item -> new NoteRevision(NoteRevision.Action.valueOf(Items.string(item, "action")), Items.string(item, "by"),
                        Items.instant(item, "at"), fromItem(item)));
    }

    @Override
    public Page<Note> openReminders(String hubId, Instant from, Instant until, PageRequest page) {
        String start = Cursors.decode(page.cursor(), DUE_PREFIX);
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)),
                        ":from", s(DUE_PREFIX + Items.sortableMillis(from)),
                        // "#" sorts before every digit and letter of a ULID: "$" after them all.
                        ":to", s(DUE_PREFIX + Items.sortableMillis(until.minusMillis(1)) + "$")))
                .limit(page.limit());
        if (start != null) {
            request.exclusiveStartKey(key(hubPartition(hubId), start));
        }
        QueryResponse response = dynamo.query(request.build());
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new Page<>(notesAt(hubId, response.items()), more ? Cursors.encode(response.lastEvaluatedKey().get(SORT_KEY).s()) : null);
    }

    /** The notes index entries point at (their customer, and the ULID that ends their key), in entry order. */
    private List<Note> notesAt(String hubId, List<Map<String, AttributeValue>> entries) {
        List<String> noteKeys = entries.stream().map(entry -> {
            String sortKey = Items.string(entry, SORT_KEY);
            return NOTE_PREFIX + Items.string(entry, "customerId") + "#" + sortKey.substring(sortKey.lastIndexOf('#') + 1);
        }).toList();
        Map<String, Note> found = BatchGets.read(dynamo, table, noteKeys.stream().map(k -> key(hubPartition(hubId), k)).toList())
                .stream().collect(Collectors.toMap(item -> Items.string(item, SORT_KEY), DynamoNoteRepository::fromItem));
        // An entry whose note went since the index was read is left out.
        return noteKeys.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /** The index sort keys of a note as stored now. */
    private static List<String> indexKeys(Note note) {
        List<String> keys = new ArrayList<>();
        keys.add(KIND_PREFIX + note.customerId() + "#" + note.kind().wire() + "#" + ulid(note.id()));
        if (note.isOpenReminder()) {
            keys.add(DUE_PREFIX + Items.sortableMillis(note.dueAt()) + "#" + ulid(note.id()));
        }
        return keys;
    }

    private List<TransactWriteItem> indexPuts(String hubId, Note note) {
        return indexKeys(note).stream().map(sortKey -> {
            Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), sortKey));
            item.put("kind", s(sortKey.startsWith(DUE_PREFIX) ? "note-due" : "note-kind"));
            item.put("customerId", s(note.customerId()));
            return put(item, null, Map.of());
        }).toList();
    }

    private static String noteKey(String customerId, String noteId) {
        return NOTE_PREFIX + customerId + "#" + ulid(noteId);
    }

    private static String ulid(String noteId) {
        return noteId.substring(Note.ID_PREFIX.length() + 1);
    }

    private static Map<String, AttributeValue> noteItem(String hubId, Note note) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), noteKey(note.customerId(), note.id())));
        item.put("kind", s("note"));
        putNote(item, note);
        return item;
    }

    /** The note's attributes, on its own item, a revision, or a channel's feed entry (ADR 30). */
    static void putNote(Map<String, AttributeValue> item, Note note) {
        item.put("id", s(note.id()));
        item.put("customerId", s(note.customerId()));
        item.put("noteKind", s(note.kind().wire()));
        item.put("body", s(note.body()));
        Items.putIfPresent(item, "author", note.author());
        Items.putIfPresent(item, "dueAt", note.dueAt());
        item.put("done", Items.bool(note.done()));
        item.put("createdAt", s(note.createdAt().toString()));
        item.put("updatedAt", s(note.updatedAt().toString()));
        item.put("version", n(note.version()));
        if (note.mail() != null) {
            putMail(item, note.mail());
        }
    }

    /** Where a mail came from, on an email note or an inbox item. */
    static void putMail(Map<String, AttributeValue> item, MailOrigin mail) {
        Items.putIfPresent(item, "mailFrom", mail.from());
        Items.putIfPresent(item, "mailFromName", mail.fromName());
        Items.putIfPresent(item, "mailSubject", mail.subject());
        item.put("mailMessageId", s(mail.messageId()));
        item.put("mailTruncated", Items.bool(mail.truncated()));
    }

    static MailOrigin mailOf(Map<String, AttributeValue> item) {
        return item.containsKey("mailMessageId") ? new MailOrigin(Items.string(item, "mailFrom"), Items.string(item, "mailFromName"),
                Items.string(item, "mailSubject"), Items.string(item, "mailMessageId"), Items.flag(item, "mailTruncated")) : null;
    }

    private static Map<String, AttributeValue> revisionItem(String hubId, NoteRevision revision) {
        Note previous = revision.previous();
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId),
                REVISION_PREFIX + previous.customerId() + "#" + ulid(previous.id()) + "#" + ulid(Ids.newId(Note.ID_PREFIX))));
        item.put("kind", s("note-revision"));
        putNote(item, previous);
        item.put("action", s(revision.action().name()));
        Items.putIfPresent(item, "by", revision.by());
        item.put("at", s(revision.at().toString()));
        return item;
    }

    static Note fromItem(Map<String, AttributeValue> item) {
        return new Note(Items.string(item, "id"), Items.string(item, "customerId"), NoteKind.fromWire(Items.string(item, "noteKind")),
                Items.string(item, "body"), Items.string(item, "author"), Items.instant(item, "dueAt"), Items.flag(item, "done"),
                Items.instant(item, "createdAt"), Items.instant(item, "updatedAt"), Items.number(item, "version"), mailOf(item));
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

    private TransactWriteItem delete(String hubId, String sortKey) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(hubPartition(hubId), sortKey)).build()).build();
    }
}
