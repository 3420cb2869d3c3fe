package dev.hubcrm.store;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a customer's time-ordered history items (ledger, orders, status changes, messages):
 * the items under one sort key prefix in the hub's partition, newest first, with the cursor of the
 * last one. One consistent Query per page.
 */
public final class NewestFirst {
    private NewestFirst() {
    }

    public static <T> Page<T> page(DynamoDbClient dynamo, String table, String hubId, String prefix, PageRequest page,
            Function<Map<String, AttributeValue>, T> mapper) {
        return KeyOrder.page(dynamo, table, hubId, prefix, page, false, mapper);
    }
}
