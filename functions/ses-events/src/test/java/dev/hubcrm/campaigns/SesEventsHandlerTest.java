package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.Suppression;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.events.OutboxEvent;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.messages.Message;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replays SES's EventBridge samples (events/eventbridge/ses-*.json) through the real ses-events handler on DynamoDB Local. */
class SesEventsHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static SesEventsHandler handler;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO);
        handler = new SesEventsHandler(app);
    }

    @AfterAll
    static void stopDynamoDb() {
        app.dynamo().close();
        dynamoDb.close();
    }

    private static String handle(String sample, Map<String, String> values) {
        ScheduledEvent event = Events.load(sample, values, ScheduledEvent.class);
        return handler.handleRequest(event, new InvocationContext("ses-events", 512));
    }

    @Test
    void aDeliveryIsRecordedOnceAndAHardBounceAfterItMovesTheMailToBounced() {
        String hubId = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub().id();
        String customerId = app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, "lea@example.com", null, "Léa",
                null, null, List.of(), Map.of(), true, null, false)).id();
        DynamoCampaignRepository campaigns = new DynamoCampaignRepository(app.dynamo(), app.table());
        String campaignId = Ids.newId(Campaign.ID_PREFIX);
        Instant now = Instant.parse("2025-03-15T09:00:00Z");
        campaigns.create(hubId, new Campaign(campaignId, "Spring", "seg_1", "Hello", "Hi", null, CampaignStatus.SENDING,
                CampaignStats.NONE, null, true, now, null, now, now, 1));
        campaigns.addRecipients(hubId, campaignId, List.of(customerId), now);
        campaigns.claim(hubId, campaignId, customerId, now, now.plusSeconds(300));
        campaigns.recordSent(hubId, campaignId, customerId, new Message(Ids.newId(Message.ID_PREFIX), customerId, Message.EMAIL,
                "campaign", "Hello", "0102ses-lea", Message.SENT, now, campaignId));
        Map<String, String> values = Map.of("hubId", hubId, "sesMessageId", "0102ses-lea");

        assertThat(handle("eventbridge/ses-delivery.json", values)).isEqualTo("RECORDED");
        assertThat(handle("eventbridge/ses-delivery.json", values)).isEqualTo("REPEATED");
        assertThat(handle("eventbridge/ses-bounce.json", values)).isEqualTo("RECORDED");
        assertThat(handle("eventbridge/ses-delivery.json", Map.of("hubId", hubId, "sesMessageId", "0102ses-nobody"))).isEqualTo("IGNORED");

        CampaignStats stats = campaigns.find(hubId, campaignId).orElseThrow().stats();
        assertThat(List.of(stats.delivered(), stats.bounced())).containsExactly(1L, 1L);
        Message mail = app.messages().of(hubId, customerId, new PageRequest(10, null)).items().getFirst();
        assertThat(mail.status()).isEqualTo("bounced");
        assertThat(mail.events()).containsExactly(Map.entry("delivered", Instant.parse("2025-03-15T09:00:02Z")),
                Map.entry("bounced", Instant.parse("2025-03-15T09:00:03Z")));
        assertThat(app.customers().get(hubId, customerId).suppressed()).isEqualTo(new Suppression(Suppression.Reason.BOUNCE,
                Instant.parse("2025-03-15T09:00:03Z"), campaignId));
        OutboxEvent bounced = DynamoOutbox.kept(app.dynamo(), app.table(), hubId).stream()
                .filter(event -> event.detailType().equals("message.bounced")).findFirst().orElseThrow();
        assertThat(bounced.detail()).isEqualTo("{\"hubId\":\"" + hubId + "\",\"campaignId\":\"" + campaignId + "\",\"customerId\":\""
                + customerId + "\",\"messageId\":\"" + mail.id() + "\",\"eventId\":\"" + bounced.eventId() + "\"}");
    }
}
