package dev.hubcrm.wallet;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The low-balance job's reads and writes: the reminder hubs index, the balance index (only the
 * wallets below the threshold are read), {@code REMIND#<customerId>} (when the customer was last
 * reminded; claimed conditionally).
 */
public final class DynamoReminderStore implements LowBalanceReminders.Store {
    private static final String REMINDER_PREFIX = "REMIND#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReminderStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<String> hubsWithReminders() {
        List<String> hubIds = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).indexName(TableDesign.REMINDER_HUBS_INDEX)
                        .keyConditionExpression("#on = :on")
                        .expressionAttributeNames(Map.of("#on", TableDesign.REMINDER_HUBS_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":on", s("on"))))
                .items().forEach(item -> hubIds.add(TableDesign.hubId(Items.string(item, TableDesign.PARTITION_KEY))));
        return hubIds;
    }

    @Override
    public Page lowWallets(String hubId, long threshold) {
        List<LowBalanceReminders.LowWallet> wallets = new ArrayList<>();
        long read = 0;
        for (QueryResponse response : dynamo.queryPaginator(r -> r.tableName(table).indexName(TableDesign.BALANCE_INDEX)
                .keyConditionExpression("PK = :pk AND #balance < :threshold")
                .expressionAttributeNames(Map.of("#balance", TableDesign.BALANCE_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":threshold", n(threshold))))) {
            read += response.scannedCount();
            response.items().forEach(item -> wallets.add(new LowBalanceReminders.LowWallet(Items.string(item, "id"),
                    Items.string(item, "email"), Items.string(item, "firstName"), Items.number(item, TableDesign.BALANCE_ATTRIBUTE))));
        }
        return new Page(wallets, read);
    }

    @Override
    public boolean claimReminder(String hubId, String customerId, Instant now, Instant remindedSince) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), REMINDER_PREFIX + customerId))
                    .updateExpression("SET kind = :kind, remindedAt = :now")
                    .conditionExpression("attribute_not_exists(remindedAt) OR remindedAt < :since")
                    .expressionAttributeValues(Map.of(":kind", s("wallet-reminder"), ":now", s(now.toString()),
                            ":since", s(remindedSince.toString()))));
            return true;
        } catch (ConditionalCheckFailedException remindedAlready) {
            return false;
        }
    }

    @Override
    public void releaseReminder(String hubId, String customerId, Instant claimedAt) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(hubPartition(hubId), REMINDER_PREFIX + customerId))
                    .conditionExpression("remindedAt = :claimed")
                    .expressionAttributeValues(Map.of(":claimed", s(claimedAt.toString()))));
        } catch (ConditionalCheckFailedException claimedByAnotherRun) {
            // not ours any more: leave it
        }
    }
}
