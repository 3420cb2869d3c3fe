package dev.hubcrm.quotas;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.store.TableDesign;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Fixed-window counters in the hub's partition: {@code QUOTA#<name>[#<subject>]#<window>}, one
 * conditional UpdateItem per use (ADD 1 if the count is below the limit), deleted by TTL once the
 * window is over. A refused use writes nothing but still costs the write unit of the failed condition.
 * The platform's counters, which belong to no hub, are {@code PLATFORM#<name>#<window>#<shard>} /
 * {@code COUNTER}: a partition key per window and shard, so no key takes more than its shard's uses.
 */
public final class DynamoQuotaCounter implements QuotaCounter, SendRateCounter {
    private static final String PREFIX = "QUOTA#";
    private static final String PLATFORM_PREFIX = "PLATFORM#";
    private static final String PLATFORM_SORT = "COUNTER";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoQuotaCounter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean countIfBelow(String hubId, String quotaName, String subject, long windowIndex, long limit, Instant expiresAt) {
        return countIfBelow(key(hubPartition(hubId), sort(quotaName, subject, windowIndex)), limit, expiresAt);
    }

    private static String sort(String quotaName, String subject, long windowIndex) {
        return PREFIX + quotaName + (subject == null ? "" : "#" + subject) + "#" + windowIndex;
    }

    @Override
    public void uncount(String hubId, String quotaName, long windowIndex) {
        dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), sort(quotaName, null, windowIndex)))
                .updateExpression("ADD #count :minusOne").conditionExpression("#count > :zero")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":minusOne", n(-1), ":zero", n(0))));
    }

    @Override
    public boolean countPlatformIfBelow(String counterName, long windowIndex, int shard, long limit, Instant expiresAt) {
        return countIfBelow(key(PLATFORM_PREFIX + counterName + "#" + windowIndex + "#" + shard, PLATFORM_SORT), limit, expiresAt);
    }

    private boolean countIfBelow(Map<String, AttributeValue> key, long limit, Instant expiresAt) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key)
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
