package dev.hubcrm.store;

import dev.hubcrm.common.Backoff;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Unconditional puts and deletes in BatchWriteItem calls of at most {@value #MAX_ITEMS}, each
 * repeated with backoff until DynamoDB has processed every item (it may hand some back when
 * throttled).
 */
public final class BatchWrites {
    /** DynamoDB's limit of items per BatchWriteItem. */
    public static final int MAX_ITEMS = 25;

    private BatchWrites() {
    }

    public static void write(DynamoDbClient dynamo, String table, List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += MAX_ITEMS) {
            Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(writes.subList(from, Math.min(writes.size(), from + MAX_ITEMS))));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                Backoff.pause(attempt);
                Map<String, List<WriteRequest>> batch = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(batch));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** Deletes the first {@code max} items of the partition whose sort key starts with {@code prefix} (one Query of their keys); how many. */
    public static int deleteFirst(DynamoDbClient dynamo, String table, String partition, String prefix, int max) {
        List<Map<String, AttributeValue>> keys = dynamo.query(r -> r.tableName(table).limit(max).projectionExpression("PK, SK")
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s(partition), ":prefix", Items.s(prefix)))).items();
        write(dynamo, table, keys.stream().map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                .toList());
        return keys.size();
    }
}
