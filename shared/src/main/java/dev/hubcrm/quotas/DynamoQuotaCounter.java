package dev.hubcrm.quotas;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.store.TableDesign;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Fixed-window counters in the hub's partition: {@code QUOTA#<name>[#<subject>]#<window>}, one
 * conditional UpdateItem per use (ADD 1 if the count is below the limit), deleted by TTL once the
 * window is over. A refused use writes nothing but still costs the write unit of the failed condition.
 */
public final class DynamoQuotaCounter implements QuotaCounter {
    private static final String PREFIX = "QUOTA#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoQuotaCounter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean countIfBelow(String hubId, String quotaName, String subject, long windowIndex, long limit, Instant expiresAt) {
        String sort = PREFIX + quotaName + (subject == null ? "" : "#" + subject) + "#" + windowIndex;
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), sort))
                    .updateExpression("ADD #count :one SET #expires = :expires")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", "count", "#expires", TableDesign.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit), ":expires", n(expiresAt.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
