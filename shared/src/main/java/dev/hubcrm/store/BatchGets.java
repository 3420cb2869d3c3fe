package dev.hubcrm.store;

import dev.hubcrm.common.Backoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Consistent reads of items by key in BatchGetItem calls of at most {@value #MAX_KEYS}, each
 * repeated with backoff until DynamoDB has answered every key (it may hand some back when
 * throttled). Absent items are left out; the order of the answer is not the order of the keys.
 */
public final class BatchGets {
    /** DynamoDB's limit of keys per BatchGetItem. */
    public static final int MAX_KEYS = 100;

    private BatchGets() {
    }

    public static List<Map<String, AttributeValue>> read(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> distinct = keys.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += MAX_KEYS) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(distinct.subList(from, Math.min(distinct.size(), from + MAX_KEYS))).consistentRead(true).build());
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                Backoff.pause(attempt);
                Map<String, KeysAndAttributes> batch = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(batch));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }
}
