package dev.hubcrm.campaigns;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.customers.Suppression;
import dev.hubcrm.events.DomainEvent;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.messages.DeliveryEvent;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.MailEvent;
import dev.hubcrm.messages.Message;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One {@code SESMSG#<provider message id>} item per campaign mail in the hub's partition, written
 * with the mail's {@code sent} record: the lookup from SES's message id to the customer, campaign and
 * message is one GetItem, and the same item remembers which events were recorded
 * ({@code <event>At}), so that a repeated event fails its condition and counts nothing twice, and
 * whether the mail suppressed its address ({@code suppressedAt}).
 */
public final class DynamoMailEventRepository implements MailEventRepository {
    private static final String PREFIX = "SESMSG#";
    private static final String SUPPRESSED_AT = "suppressedAt";
    /** Every event of a campaign adds to the one campaign item: retry cancelled transactions this long. */
    private static final Duration CONTENDED = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMailEventRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The lookup item of a campaign mail, put in the transaction that records it sent. */
    static Map<String, AttributeValue> lookupItem(String hubId, Message message) {
        Map<String, AttributeValue> item = new HashMap<>(lookupKey(hubId, message.providerMessageId()));
        item.put("kind", s("campaign-mail"));
        item.put("customerId", s(message.customerId()));
        item.put("campaignId", s(message.campaignId()));
        item.put("id", s(message.id()));
        return item;
    }

    private static Map<String, AttributeValue> lookupKey(String hubId, String providerMessageId) {
        return key(hubPartition(hubId), PREFIX + providerMessageId);
    }

    @Override
    public Optional<SentMail> sentMail(String hubId, String providerMessageId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(lookupKey(hubId, providerMessageId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(new SentMail(Items.string(item, "customerId"), Items.string(item, "campaignId"), Items.string(item, "id"),
                        item.containsKey(SUPPRESSED_AT)));
    }

    @Override
    public boolean record(String hubId, String providerMessageId, SentMail mail, DeliveryEvent event, Instant at) {
        String time = DynamoMessageRepository.eventTimeAttribute(event);
        Map<String, AttributeValue> messageKey = DynamoMessageRepository.key(hubId, mail.customerId(), mail.messageId());
        TransactWriteItem once = TransactWriteItem.builder().update(u -> u.tableName(table).key(lookupKey(hubId, providerMessageId))
                .updateExpression("SET #time = :at").conditionExpression("attribute_exists(PK) AND attribute_not_exists(#time)")
                .expressionAttributeNames(Map.of("#time", time)).expressionAttributeValues(Map.of(":at", s(at.toString())))).build();
        TransactWriteItem onMessage = TransactWriteItem.builder().update(u -> u.tableName(table).key(messageKey)
                .updateExpression("SET #time = :at").conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#time", time)).expressionAttributeValues(Map.of(":at", s(at.toString())))).build();
        String counter = DynamoCampaignRepository.statAttribute(event.status());
        TransactWriteItem count = DynamoCampaignRepository.count(table, hubId, mail.campaignId(), mail.customerId(), Map.of(counter, 1));
        TransactWriteItem onTimeline = TransactWriteItem.builder().put(p -> p.tableName(table).item(DynamoMessageRepository.eventItem(
                hubId, mail.customerId(), new MailEvent(event, at, mail.messageId(), mail.campaignId())))).build();
        boolean recorded = Transactions.write(dynamo, List.of(once, onMessage, count, onTimeline), CONTENDED) < 0;
        moveStatus(messageKey, event);
        return recorded;
    }

    @Override
    public void suppress(String hubId, String providerMessageId, SentMail mail, Suppression suppression) {
        TransactWriteItem once = TransactWriteItem.builder().update(u -> u.tableName(table).key(lookupKey(hubId, providerMessageId))
                .updateExpression("SET #suppressedAt = :at").conditionExpression("attribute_exists(PK) AND attribute_not_exists(#suppressedAt)")
                .expressionAttributeNames(Map.of("#suppressedAt", SUPPRESSED_AT))
                .expressionAttributeValues(Map.of(":at", s(suppression.at().toString())))).build();
        // The version moves like any write of the customer, so a PATCH that read it before cannot put it back unsuppressed.
        TransactWriteItem onCustomer = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(DynamoCustomerRepository.customerKey(hubId, mail.customerId()))
                .updateExpression("SET #suppressed = :suppression ADD #version :one").conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#suppressed", DynamoCustomerRepository.SUPPRESSED, "#version", "version"))
                .expressionAttributeValues(Map.of(":suppression", DynamoCustomerRepository.suppressionValue(suppression), ":one", n(1))))
                .build();
        List<TransactWriteItem> writes = new ArrayList<>(List.of(once, onCustomer));
        if (suppression.reason() == Suppression.Reason.BOUNCE) {
            writes.add(DynamoOutbox.put(table, DomainEvent.messageBounced(hubId, mail.campaignId(), mail.customerId(), mail.messageId()),
                    suppression.at()));
        }
        Transactions.write(dynamo, writes);
    }

    /** Out of order events: only a status below the event's moves up to it. */
    private void moveStatus(Map<String, AttributeValue> messageKey, DeliveryEvent event) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(event.status())));
        List<String> below = event.statusesBelow();
        for (int i = 0; i < below.size(); i++) {
            values.put(":below" + i, s(below.get(i)));
        }
        String allowed = String.join(", ", values.keySet().stream().filter(name -> name.startsWith(":below")).sorted().toList());
        try {
            dynamo.updateItem(r -> r.tableName(table).key(messageKey).updateExpression("SET #status = :status")
                    .conditionExpression("#status IN (" + allowed + ")").expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException alreadyPast) {
            // a later event arrived first: the status stays where it is
        }
    }
}
