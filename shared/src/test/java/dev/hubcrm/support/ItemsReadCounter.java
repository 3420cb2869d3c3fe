package dev.hubcrm.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The real client, counting every item its read responses carry (GetItem, Query, BatchGetItem),
 * as the channel-feed benchmark counts them: what a request reads, asserted in tests.
 */
public final class ItemsReadCounter {
    private final AtomicLong itemsRead = new AtomicLong();
    private final DynamoDbClient client;

    public ItemsReadCounter(DynamoDbClient real) {
        this.client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    Object response;
                    try {
                        response = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    switch (response) {
                        case GetItemResponse get -> itemsRead.addAndGet(get.hasItem() && !get.item().isEmpty() ? 1 : 0);
                        case QueryResponse query -> itemsRead.addAndGet(query.count());
                        case BatchGetItemResponse batch -> batch.responses().values().forEach(items -> itemsRead.addAndGet(items.size()));
                        case null, default -> {
                            // writes read nothing back
                        }
                    }
                    return response;
                });
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Items read since the last call, and the count started again. */
    public long takeItemsRead() {
        return itemsRead.getAndSet(0);
    }
}
