package dev.hubcrm.messages;

import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Messages as {@code MSG#<customerId>#<ulid>} items in the hub's partition: the ULID of the message
 * id orders them by time, so a customer's history is one Query, newest first.
 */
public final class DynamoMessageRepository implements MessageRepository {
    private static final String MESSAGE_PREFIX = "MSG#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMessageRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void record(String hubId, Message message) {
        dynamo.putItem(r -> r.tableName(table).item(item(hubId, message)));
    }

    /** The item of a message, for writers that record it in a transaction of their own (the campaign sender). */
    public static Map<String, AttributeValue> item(String hubId, Message message) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubId, message.customerId(), message.id()));
        item.put("kind", s("message"));
        item.put("id", s(message.id()));
        item.put("customerId", s(message.customerId()));
        item.put("channel", s(message.channel()));
        item.put("template", s(message.template()));
        Items.putIfPresent(item, "subject", message.subject());
        Items.putIfPresent(item, "messageId", message.providerMessageId());
        Items.putIfPresent(item, "campaignId", message.campaignId());
        item.put("status", s(message.status()));
        item.put("sentAt", s(message.sentAt().toString()));
        return item;
    }

    @Override
    public Page<Message> list(String hubId, String customerId, PageRequest page) {
        String prefix = MESSAGE_PREFIX + customerId + "#";
        return NewestFirst.page(dynamo, table, hubId, prefix, page, item -> fromItem(item, prefix));
    }

    /** The key of a customer's message, for writers that change it in a transaction of their own (delivery events). */
    public static Map<String, AttributeValue> key(String hubId, String customerId, String messageId) {
        return Items.key(hubPartition(hubId), sortKey(customerId, messageId));
    }

    /** The item attribute holding when {@code event} first arrived. */
    public static String eventTimeAttribute(DeliveryEvent event) {
        return event.status() + "At";
    }

    private static String sortKey(String customerId, String messageId) {
        return MESSAGE_PREFIX + customerId + "#" + messageId.substring(Message.ID_PREFIX.length() + 1);
    }

    /** Reminders recorded before messages had an id or a status get them from their key. */
    private static Message fromItem(Map<String, AttributeValue> item, String prefix) {
        String id = item.containsKey("id") ? Items.string(item, "id")
                : Message.ID_PREFIX + "_" + Items.string(item, SORT_KEY).substring(prefix.length());
        String status = item.containsKey("status") ? Items.string(item, "status") : Message.SENT;
        Map<String, Instant> events = new LinkedHashMap<>();
        for (DeliveryEvent event : DeliveryEvent.values()) {
            Instant at = Items.instant(item, eventTimeAttribute(event));
            if (at != null) {
                events.put(event.status(), at);
            }
        }
        return new Message(id, Items.string(item, "customerId"), Items.string(item, "channel"), Items.string(item, "template"),
                Items.string(item, "subject"), Items.string(item, "messageId"), status, Items.instant(item, "sentAt"),
                Items.string(item, "campaignId"), events);
    }
}
