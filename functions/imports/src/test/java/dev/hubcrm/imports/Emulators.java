package dev.hubcrm.imports;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.EmbeddedSqs;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** DynamoDB Local and ElasticMQ in this JVM, and the app wired to them with an import queue. */
final class Emulators implements AutoCloseable {
    final EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.inMemory();
    final EmbeddedSqs sqs = EmbeddedSqs.start();
    final String table = "hubcrm-" + UUID.randomUUID();
    final AppContext app;
    final String queueUrl;

    Emulators() {
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(),
                Duration.ZERO);
        queueUrl = app.withImportQueue(sqs.endpoint(), null).sqs()
                .createQueue(r -> r.queueName("imports-" + UUID.randomUUID())).queueUrl();
        app.withImportQueue(sqs.endpoint(), queueUrl);
    }

    /** A new hub: its id and its API key. */
    record Hub(String id, String key) {
    }

    Hub newHub() {
        var created = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris"));
        return new Hub(created.hub().id(), created.key().secret());
    }

    @Override
    public void close() {
        app.sqs().close();
        app.dynamo().close();
        sqs.close();
        dynamoDb.close();
    }
}
