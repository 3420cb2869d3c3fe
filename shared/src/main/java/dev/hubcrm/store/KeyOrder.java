package dev.hubcrm.store;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One page of the items under one sort key prefix in the hub's partition, in sort key order or
 * reversed, with the cursor of the last one. One consistent Query per page.
 */
public final class KeyOrder {
    private KeyOrder() {
    }

    public static <T> Page<T> page(DynamoDbClient dynamo, String table, String hubId, String prefix, PageRequest page,
            boolean ascending, Function<Map<String, AttributeValue>, T> mapper) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(prefix)))
                .scanIndexForward(ascending)
                .limit(page.limit());
        String start = Cursors.decode(page.cursor(), prefix);
        if (start != null) {
            request.exclusiveStartKey(key(hubPartition(hubId), start));
        }
        QueryResponse response = dynamo.query(request.build());
        List<T> items = response.items().stream().map(mapper).toList();
        boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
        return new Page<>(items, more ? Cursors.encode(response.lastEvaluatedKey().get(SORT_KEY).s()) : null);
    }
}
