package dev.hubcrm.events;

import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The transactional outbox (ADR 32): each domain event is an {@code OUTBOX#<event id>} item in its
 * hub's partition ({@code kind: outbox}), put in the same transaction as the write that decides it,
 * so the event exists exactly when its write does. The table's stream delivers the item's INSERT to
 * the event-publisher function; the item itself is only kept a while (TTL) for whoever looks into why
 * an event came late.
 */
public final class DynamoOutbox {
    public static final String KIND = "outbox";
    static final String PREFIX = "OUTBOX#";
    /** Far longer than the stream keeps the INSERT (24 hours). */
    static final Duration KEPT = Duration.ofDays(7);
    static final String EVENT_ID = "id";
    static final String DETAIL_TYPE = "detailType";
    static final String DETAIL = "detail";

    private DynamoOutbox() {
    }

    /** The outbox item of {@code event} (with a new event id), as one write of the transaction that decides it. */
    public static TransactWriteItem put(String table, DomainEvent event, Instant now) {
        OutboxEvent outbox = OutboxEvent.of(event);
        Map<String, AttributeValue> item = new HashMap<>(Items.key(hubPartition(outbox.hubId()), PREFIX + outbox.eventId()));
        item.put("kind", s(KIND));
        item.put(EVENT_ID, s(outbox.eventId()));
        item.put(DETAIL_TYPE, s(outbox.detailType()));
        item.put(DETAIL, s(outbox.detail()));
        item.put("createdAt", s(now.toString()));
        item.put(TableDesign.TTL_ATTRIBUTE, n(now.plus(KEPT).getEpochSecond()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    /** The event of an outbox item, by its string attributes (a stream image's or the table's). */
    public static OutboxEvent read(Function<String, String> attribute) {
        return new OutboxEvent(TableDesign.hubId(attribute.apply(TableDesign.PARTITION_KEY)), attribute.apply(EVENT_ID),
                attribute.apply(DETAIL_TYPE), attribute.apply(DETAIL));
    }

    /** The hub's outbox items still kept, oldest first: one Query of the hub's partition. */
    public static List<OutboxEvent> kept(DynamoDbClient dynamo, String table, String hubId) {
        return dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(PREFIX)))).items().stream()
                .map(item -> read(name -> Items.string(item, name))).toList();
    }
}
