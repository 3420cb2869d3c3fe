package dev.hubcrm.store;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Creates the table on an emulator as the CDK stack creates it in AWS (local server and tests). */
public final class TableProvisioner {
    private TableProvisioner() {
    }

    /** Creates the table unless it exists (a persisted local data directory keeps it). */
    public static void ensureTable(DynamoDbClient dynamo, String table) {
        ensureTable(dynamo, table, true);
    }

    /**
     * The same, with or without its stream. Write benchmarks turn the stream off: DynamoDB Local
     * slows down as stream records pile up (measured: 2,000 batch-written items took 1.0 s on a
     * stream-less table, 3.3 s and then 6.0 s on tables with one), which DynamoDB does not.
     */
    public static void ensureTable(DynamoDbClient dynamo, String table, boolean withStream) {
        try {
            dynamo.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(keyAttributes())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(TableDesign.PARTITION_KEY).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(TableDesign.SORT_KEY).keyType(KeyType.RANGE).build())
                    .globalSecondaryIndexes(indexes())
                    .streamSpecification(s -> {
                        s.streamEnabled(withStream);
                        if (withStream) {
                            s.streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
                        }
                    }));
            dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
        } catch (ResourceInUseException alreadyThere) {
            // a persisted data directory already holds the table; one from before an index gains it
            // (DynamoDB creates one index per update)
            Set<String> present = dynamo.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                    .map(index -> index.indexName()).collect(Collectors.toSet());
            for (GlobalSecondaryIndex index : indexes()) {
                if (!present.contains(index.indexName())) {
                    dynamo.updateTable(r -> r.tableName(table).attributeDefinitions(keyAttributes())
                            .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                                    .keySchema(index.keySchema()).projection(index.projection()))));
                }
            }
        }
    }

    /** The table's global secondary indexes (the stack declares the same; its tests compare them). */
    public static List<GlobalSecondaryIndex> indexes() {
        return List.of(refreshIndex(), balanceIndex(), reminderHubsIndex(), campaignDueIndex());
    }

    /** Every attribute a key of the table or of an index is made of. */
    private static List<AttributeDefinition> keyAttributes() {
        return List.of(
                AttributeDefinition.builder().attributeName(TableDesign.PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(TableDesign.SORT_KEY).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(TableDesign.REFRESH_DAY).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(TableDesign.REFRESH_AT).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(TableDesign.BALANCE_ATTRIBUTE).attributeType(ScalarAttributeType.N).build(),
                AttributeDefinition.builder().attributeName(TableDesign.REMINDER_HUBS_ATTRIBUTE).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(TableDesign.DUE_BUCKET).attributeType(ScalarAttributeType.S).build(),
                AttributeDefinition.builder().attributeName(TableDesign.DUE_AT).attributeType(ScalarAttributeType.S).build());
    }

    /** The segment refresh index: keys only, by day and instant. */
    private static GlobalSecondaryIndex refreshIndex() {
        return GlobalSecondaryIndex.builder().indexName(TableDesign.REFRESH_INDEX)
                .keySchema(
                        KeySchemaElement.builder().attributeName(TableDesign.REFRESH_DAY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(TableDesign.REFRESH_AT).keyType(KeyType.RANGE).build())
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                .build();
    }

    /** Customers by balance within their hub; the projection holds what a reminder needs. */
    private static GlobalSecondaryIndex balanceIndex() {
        return GlobalSecondaryIndex.builder().indexName(TableDesign.BALANCE_INDEX)
                .keySchema(
                        KeySchemaElement.builder().attributeName(TableDesign.PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(TableDesign.BALANCE_ATTRIBUTE).keyType(KeyType.RANGE).build())
                .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(TableDesign.BALANCE_INDEX_PROJECTION))
                .build();
    }

    private static GlobalSecondaryIndex reminderHubsIndex() {
        return GlobalSecondaryIndex.builder().indexName(TableDesign.REMINDER_HUBS_INDEX)
                .keySchema(
                        KeySchemaElement.builder().attributeName(TableDesign.REMINDER_HUBS_ATTRIBUTE).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(TableDesign.PARTITION_KEY).keyType(KeyType.RANGE).build())
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                .build();
    }

    /** Scheduled campaigns by due hour and shard, then due instant. */
    private static GlobalSecondaryIndex campaignDueIndex() {
        return GlobalSecondaryIndex.builder().indexName(TableDesign.CAMPAIGN_DUE_INDEX)
                .keySchema(
                        KeySchemaElement.builder().attributeName(TableDesign.DUE_BUCKET).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(TableDesign.DUE_AT).keyType(KeyType.RANGE).build())
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                .build();
    }
}
