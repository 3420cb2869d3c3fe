package dev.hubcrm.support;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One DynamoDB Local for a test class, with a fresh table whenever a test asks for one. */
public final class LocalDynamo implements AutoCloseable {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private final EmbeddedDynamoDb server;
    private final DynamoDbClient client;

    private LocalDynamo(EmbeddedDynamoDb server) {
        this.server = server;
        this.client = AppContext.localDynamo(server.endpoint());
    }

    public static LocalDynamo start() {
        return new LocalDynamo(EmbeddedDynamoDb.inMemory());
    }

    public DynamoDbClient client() {
        return client;
    }

    /** A new, empty table shaped as the stack creates it. */
    public String freshTable() {
        String table = "t" + TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        TableProvisioner.ensureTable(client, table);
        return table;
    }

    /** Every item of a hub's partition, read the way a request would (Query, not Scan). */
    public List<Map<String, AttributeValue>> partition(String table, String hubId) {
        return client.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TableDesign.hubPartition(hubId)))))
                .items().stream().toList();
    }

    /** The sort keys of a hub's partition, in table order. */
    public List<String> sortKeys(String table, String hubId) {
        return partition(table, hubId).stream().map(item -> item.get(TableDesign.SORT_KEY).s()).toList();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
