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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Fixed-window counters in the hub's partition: {@code QUOTA#<name>[#<subject>]#<window>}, one
 * conditional UpdateItem per take (ADD the uses if the count is below the limit; send tokens are taken
 * many at a time), deleted by TTL once the window is over. A refused take writes nothing but still costs
 * the write unit of the failed condition.
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
        return countUpTo(key(hubPartition(hubId), sort(quotaName, subject, windowIndex)), 1, limit, expiresAt) == 1;
    }

    private static String sort(String quotaName, String subject, long windowIndex) {
        return PREFIX + quotaName + (subject == null ? "" : "#" + subject) + "#" + windowIndex;
    }

    /** The key of a hub's counter {@code counterName} of window {@code windowIndex} (a hub's send tokens of one second). */
    public static Map<String, AttributeValue> hubCounterKey(String hubId, String counterName, long windowIndex) {
        return key(hubPartition(hubId), sort(counterName, null, windowIndex));
    }

    @Override
    public long countUpTo(String hubId, String counterName, long windowIndex, long uses, long limit, Instant expiresAt) {
        return countUpTo(hubCounterKey(hubId, counterName, windowIndex), uses, limit, expiresAt);
    }

    @Override
    public long countPlatformUpTo(String counterName, long windowIndex, int shard, long uses, long limit, Instant expiresAt) {
        return countUpTo(key(PLATFORM_PREFIX + counterName + "#" + windowIndex + "#" + shard, PLATFORM_SORT), uses, limit, expiresAt);
    }

    @Override
    public void uncount(String hubId, String counterName, long windowIndex, long uses) {
        giveBack(hubCounterKey(hubId, counterName, windowIndex), uses);
    }

    /**
     * ADD {@code uses} while the count is below the limit, then give back what went over it. Whoever first goes over
     * gets exactly what was left, so the uses handed out never pass the limit; while an excess waits to be given back,
     * others are refused, and by then the window's uses are all handed out anyway.
     */
    private long countUpTo(Map<String, AttributeValue> key, long uses, long limit, Instant expiresAt) {
        long count;
        try {
            count = Long.parseLong(dynamo.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("ADD #count :uses SET #expires = :expires")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .expressionAttributeNames(Map.of("#count", "count", "#expires", TableDesign.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":uses", n(uses), ":limit", n(limit), ":expires", n(expiresAt.getEpochSecond()))))
                    .attributes().get("count").n());
        } catch (ConditionalCheckFailedException e) {
            return 0;
        }
        long over = Math.min(uses, Math.max(0, count - limit));
        if (over > 0) {
            giveBack(key, over);
        }
        return uses - over;
    }

    private void giveBack(Map<String, AttributeValue> key, long uses) {
        dynamo.updateItem(r -> r.tableName(table).key(key)
                .updateExpression("ADD #count :minus").conditionExpression("#count >= :uses")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":minus", n(-uses), ":uses", n(uses))));
    }
}
