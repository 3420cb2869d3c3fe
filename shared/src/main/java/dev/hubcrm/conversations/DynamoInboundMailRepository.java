package dev.hubcrm.conversations;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Inbound mail in the hub's partition (ADR 28). {@code MAILID#<sha256 of the Message-ID>} is written
 * with a condition in the same transaction as the note or the inbox item, so a mail delivered twice
 * (SES retries, the same mail to two addresses of the hub) makes one. The inbox is
 * {@code INBOX#<ulid>}, newest first; assigning deletes it in the transaction that creates the note
 * and puts {@code INBOXDONE#<ulid>} (customer and note), which answers a repeated assign.
 */
public final class DynamoInboundMailRepository implements InboundMailRepository {
    private static final String MESSAGE_PREFIX = "MAILID#";
    private static final String INBOX_PREFIX = "INBOX#";
    private static final String ASSIGNED_PREFIX = "INBOXDONE#";
    private static final String NEW_KEY = "attribute_not_exists(PK)";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoNoteRepository notes;

    public DynamoInboundMailRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.notes = new DynamoNoteRepository(dynamo, table);
    }

    @Override
    public boolean addNote(String hubId, String messageId, Note note) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(messageMark(hubId, messageId, note.id()));
        writes.addAll(notes.createWrites(hubId, note));
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public boolean addToInbox(String hubId, InboxMail mail) {
        return Transactions.write(dynamo, List.of(messageMark(hubId, mail.origin().messageId(), mail.id()),
                put(inboxItem(hubId, mail), NEW_KEY))) < 0;
    }

    @Override
    public Optional<InboxMail> find(String hubId, String inboxId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(hubPartition(hubId), INBOX_PREFIX + ulid(inboxId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Page<InboxMail> list(String hubId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, INBOX_PREFIX, page, DynamoInboundMailRepository::fromItem);
    }

    @Override
    public boolean assign(String hubId, InboxMail mail, Note note) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(hubPartition(hubId), INBOX_PREFIX + ulid(mail.id()))).conditionExpression("attribute_exists(PK)").build()).build());
        writes.addAll(notes.createWrites(hubId, note));
        Map<String, AttributeValue> assigned = new HashMap<>(key(hubPartition(hubId), ASSIGNED_PREFIX + ulid(mail.id())));
        assigned.put("kind", s("inbox-assigned"));
        assigned.put("customerId", s(note.customerId()));
        assigned.put("noteId", s(note.id()));
        writes.add(put(assigned, null));
        return Transactions.write(dynamo, writes) < 0;
    }

    @Override
    public Optional<Assignment> assignment(String hubId, String inboxId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(hubPartition(hubId), ASSIGNED_PREFIX + ulid(inboxId)))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(new Assignment(Items.string(item, "customerId"), Items.string(item, "noteId")));
    }

    @Override
    public Optional<String> madeInto(String hubId, String messageId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(messageKey(hubId, messageId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.string(item, "madeInto"));
    }

    /** Claims the Message-ID for the hub: the condition fails when a mail with it came before. */
    private TransactWriteItem messageMark(String hubId, String messageId, String madeInto) {
        Map<String, AttributeValue> item = new HashMap<>(messageKey(hubId, messageId));
        item.put("kind", s("mail-received"));
        item.put("madeInto", s(madeInto));
        return put(item, NEW_KEY);
    }

    private static Map<String, AttributeValue> messageKey(String hubId, String messageId) {
        // Hashed: a Message-ID is up to 998 characters of the sender's choosing; a sort key holds 1,024 bytes.
        return key(hubPartition(hubId), MESSAGE_PREFIX + ApiKeys.sha256(messageId));
    }

    private static Map<String, AttributeValue> inboxItem(String hubId, InboxMail mail) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), INBOX_PREFIX + ulid(mail.id())));
        item.put("kind", s("inbox-mail"));
        item.put("id", s(mail.id()));
        DynamoNoteRepository.putMail(item, mail.origin());
        item.put("body", s(mail.text()));
        item.put("receivedAt", s(mail.receivedAt().toString()));
        return item;
    }

    private static InboxMail fromItem(Map<String, AttributeValue> item) {
        return new InboxMail(Items.string(item, "id"), DynamoNoteRepository.mailOf(item), Items.string(item, "body"),
                Items.instant(item, "receivedAt"));
    }

    private static String ulid(String inboxId) {
        return inboxId.substring(InboxMail.ID_PREFIX.length() + 1);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }
}
