package dev.hubcrm.campaigns;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.EmbeddedSqs;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The campaign functions' world for a test class: DynamoDB Local with a fresh table, ElasticMQ with the campaign
 * queue, mail through {@code mailer}.
 */
final class CampaignEmulators implements AutoCloseable {
    final EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.inMemory();
    final EmbeddedSqs sqs = EmbeddedSqs.start();
    final AppContext app;
    final String queueUrl;
    final DynamoCampaignRepository campaigns;

    CampaignEmulators(Mailer mailer) {
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO);
        queueUrl = app.withImportQueue(sqs.endpoint(), null).sqs().createQueue(r -> r.queueName("campaigns")).queueUrl();
        app.withCampaignQueue(queueUrl).withMailer(mailer).withCheckout(null, null, () -> "unsubscribe-test-key");
        campaigns = new DynamoCampaignRepository(app.dynamo(), table);
    }

    @Override
    public void close() {
        app.dynamo().close();
        sqs.close();
        dynamoDb.close();
    }
}
