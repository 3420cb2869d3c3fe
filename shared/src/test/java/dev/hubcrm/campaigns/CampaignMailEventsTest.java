package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.conversations.DynamoChannelRepository;
import dev.hubcrm.conversations.DynamoNoteRepository;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerEngagement;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.customers.StatusChange;
import dev.hubcrm.customers.Suppression;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.events.OutboxEvent;
import dev.hubcrm.http.Json;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.mail.SesEvent;
import dev.hubcrm.messages.DeliveryEvent;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.MailEvent;
import dev.hubcrm.messages.Message;
import dev.hubcrm.messages.MessageHistory;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import dev.hubcrm.timeline.Timeline;
import dev.hubcrm.timeline.TimelineEvent;
import dev.hubcrm.wallet.DynamoWalletRepository;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SES's events about campaign mail on DynamoDB Local: recorded once, in any order, in the mail's own hub only. */
class CampaignMailEventsTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-12-01T09:00:00Z");
    private DynamoCampaignRepository campaigns;
    private MessageHistory history;
    private CampaignMailEvents events;
    private Timeline timeline;
    private HubService hubs;
    private CustomerService customers;
    private String hubId;
    private String campaignId;
    private String table;

    @BeforeEach
    void aSendingCampaign() {
        table = dynamo.freshTable();
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        campaigns = new DynamoCampaignRepository(dynamo.client(), table);
        history = new MessageHistory(new DynamoMessageRepository(dynamo.client(), table), customers);
        events = new CampaignMailEvents(new DynamoMailEventRepository(dynamo.client(), table),
                new CustomerEngagement(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock), clock);
        timeline = new Timeline(customers, new DynamoCustomerRepository(dynamo.client(), table),
                new DynamoWalletRepository(dynamo.client(), table), new DynamoMessageRepository(dynamo.client(), table),
                new DynamoNoteRepository(dynamo.client(), table), new DynamoChannelRepository(dynamo.client(), table));
        hubId = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        campaignId = "cmp_01JCAMPAIGN";
        campaigns.create(hubId, new Campaign(campaignId, "Winter", "seg_1", "Hello", "Hi", null, CampaignStatus.SENDING,
                CampaignStats.NONE, null, false, clock.instant(), null, clock.instant(), clock.instant(), 1));
    }

    @Test
    void eachEventIsCountedOnceWhateverOrderAndHowOftenItArrives() {
        String ana = sentTo("ana@example.com", "ses-ana");
        String bob = sentTo("bob@example.com", "ses-bob");

        List<CampaignMailEvents.Outcome> outcomes = List.of(
                events.record(event("Click", "ses-ana", "2026-12-01T10:05:00Z")),
                events.record(event("Open", "ses-ana", "2026-12-01T10:04:00Z")),
                events.record(event("Delivery", "ses-ana", "2026-12-01T10:00:00Z")),
                events.record(event("Open", "ses-ana", "2026-12-01T10:06:00Z")),
                events.record(event("Delivery", "ses-ana", "2026-12-01T10:00:00Z")),
                events.record(event("Delivery", "ses-bob", "2026-12-01T10:01:00Z")));

        assertThat(outcomes).containsExactly(CampaignMailEvents.Outcome.RECORDED, CampaignMailEvents.Outcome.RECORDED,
                CampaignMailEvents.Outcome.RECORDED, CampaignMailEvents.Outcome.REPEATED, CampaignMailEvents.Outcome.REPEATED,
                CampaignMailEvents.Outcome.RECORDED);
        CampaignStats stats = campaigns.find(hubId, campaignId).orElseThrow().stats();
        assertThat(List.of(stats.sent(), stats.delivered(), stats.opened(), stats.clicked())).containsExactly(2L, 2L, 1L, 1L);
        Message anaMail = onlyMessage(ana);
        assertThat(anaMail.status()).isEqualTo("clicked");
        assertThat(anaMail.events()).containsExactly(Map.entry("delivered", Instant.parse("2026-12-01T10:00:00Z")),
                Map.entry("opened", Instant.parse("2026-12-01T10:04:00Z")), Map.entry("clicked", Instant.parse("2026-12-01T10:05:00Z")));
        assertThat(onlyMessage(bob).status()).isEqualTo("delivered");
    }

    @Test
    void aHardBounceAfterTheDeliveryMovesTheStatusAndASoftOneIsNotRecorded() {
        String ana = sentTo("ana@example.com", "ses-ana");
        events.record(event("Delivery", "ses-ana", "2026-12-01T10:00:00Z"));

        assertThat(events.record(bounce("Transient", "ses-ana", "2026-12-01T10:01:00Z"))).isEqualTo(CampaignMailEvents.Outcome.IGNORED);
        assertThat(events.record(bounce("Permanent", "ses-ana", "2026-12-01T10:02:00Z"))).isEqualTo(CampaignMailEvents.Outcome.RECORDED);
        assertThat(onlyMessage(ana).status()).isEqualTo("bounced");
        assertThat(campaigns.find(hubId, campaignId).orElseThrow().stats().bounced()).isEqualTo(1);
        assertThat(events.record(event("Open", "ses-ana", "2026-12-01T10:03:00Z"))).isEqualTo(CampaignMailEvents.Outcome.RECORDED);
        assertThat(onlyMessage(ana).status()).isEqualTo("bounced");
    }

    @Test
    void anEventNamingAnotherHubOrNoHubOrAnUnknownMailChangesNothing() {
        String ana = sentTo("ana@example.com", "ses-ana");
        String otherHub = hubs.create(new NewHub("Autre", "EUR", "Europe/Paris")).hub().id();
        ObjectNode elsewhere = json("Delivery", "ses-ana", "2026-12-01T10:00:00Z", otherHub);
        ObjectNode untagged = json("Delivery", "ses-ana", "2026-12-01T10:00:00Z", null);

        assertThat(events.record(SesEvent.parse(elsewhere))).isEqualTo(CampaignMailEvents.Outcome.IGNORED);
        assertThat(events.record(SesEvent.parse(untagged))).isEqualTo(CampaignMailEvents.Outcome.IGNORED);
        assertThat(events.record(event("Delivery", "ses-unknown", "2026-12-01T10:00:00Z"))).isEqualTo(CampaignMailEvents.Outcome.IGNORED);
        assertThat(onlyMessage(ana).status()).isEqualTo(Message.SENT);
        assertThat(campaigns.find(hubId, campaignId).orElseThrow().stats().delivered()).isZero();
    }

    @Test
    void aHardBounceSuppressesTheAddressAndIsPublishedOnceAndTheSameBounceAgainDoesNotUndoTheHubsClearing() {
        String ana = sentTo("ana@example.com", "ses-ana");
        String messageId = onlyMessage(ana).id();

        assertThat(events.record(bounce("Permanent", "ses-ana", "2026-12-01T10:02:00Z"))).isEqualTo(CampaignMailEvents.Outcome.RECORDED);
        assertThat(events.record(bounce("Permanent", "ses-ana", "2026-12-01T10:02:00Z"))).isEqualTo(CampaignMailEvents.Outcome.REPEATED);

        Customer suppressed = customers.get(hubId, ana);
        assertThat(suppressed.suppressed()).isEqualTo(new Suppression(Suppression.Reason.BOUNCE,
                Instant.parse("2026-12-01T10:02:00Z"), campaignId));
        // one write of the engagement (bounced), one of the suppression; the repeat writes neither
        assertThat(suppressed.version()).isEqualTo(3);
        // in the suppression's transaction: the repeat, which suppresses nothing, puts nothing either
        assertThat(outbox()).extracting(OutboxEvent::detailType).containsExactly("message.bounced");
        assertThat(outbox().getFirst().detail()).contains("\"customerId\":\"" + ana + "\"", "\"messageId\":\"" + messageId + "\"",
                "\"eventId\":\"" + outbox().getFirst().eventId() + "\"");

        Customer cleared = customers.update(hubId, ana, Customer::draft, true, ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(cleared.suppressed()).isNull();
        assertThat(events.record(bounce("Permanent", "ses-ana", "2026-12-01T10:02:00Z"))).isEqualTo(CampaignMailEvents.Outcome.REPEATED);
        assertThat(customers.get(hubId, ana).suppressed()).isNull();
        assertThat(outbox()).hasSize(1);
    }

    @Test
    void aComplaintSuppressesWithoutPublishingABounceAndASoftBounceSuppressesNothing() {
        String ana = sentTo("ana@example.com", "ses-ana");
        String bob = sentTo("bob@example.com", "ses-bob");
        events.record(event("Complaint", "ses-ana", "2026-12-01T10:03:00Z"));
        events.record(bounce("Transient", "ses-bob", "2026-12-01T10:01:00Z"));

        assertThat(customers.get(hubId, ana).suppressed()).isEqualTo(new Suppression(Suppression.Reason.COMPLAINT,
                Instant.parse("2026-12-01T10:03:00Z"), campaignId));
        assertThat(customers.get(hubId, bob).suppressed()).isNull();
        assertThat(outbox()).isEmpty();
    }

    @Test
    void eachEventJoinsTheTimelineOnceAtTheTimeItHappened() {
        String ana = sentTo("ana@example.com", "ses-ana");
        String messageId = onlyMessage(ana).id();
        events.record(event("Click", "ses-ana", "2026-12-01T10:05:00Z"));
        events.record(event("Delivery", "ses-ana", "2026-12-01T10:00:00Z"));
        events.record(event("Open", "ses-ana", "2026-12-01T10:04:00Z"));
        events.record(event("Delivery", "ses-ana", "2026-12-01T10:00:30Z"));

        List<TimelineEvent> page = timeline.of(hubId, ana, new PageRequest(50, null)).items();

        assertThat(page).extracting(TimelineEvent::kind, TimelineEvent::at).containsExactly(
                tuple(TimelineEvent.Kind.MAIL_EVENT, Instant.parse("2026-12-01T10:05:00Z")),
                tuple(TimelineEvent.Kind.MAIL_EVENT, Instant.parse("2026-12-01T10:04:00Z")),
                tuple(TimelineEvent.Kind.MAIL_EVENT, Instant.parse("2026-12-01T10:00:00Z")),
                tuple(TimelineEvent.Kind.MESSAGE, clock.instant()));
        assertThat(page.subList(0, 3)).extracting(TimelineEvent::detail).containsExactly(
                new MailEvent(DeliveryEvent.CLICKED, Instant.parse("2026-12-01T10:05:00Z"), messageId, campaignId),
                new MailEvent(DeliveryEvent.OPENED, Instant.parse("2026-12-01T10:04:00Z"), messageId, campaignId),
                new MailEvent(DeliveryEvent.DELIVERED, Instant.parse("2026-12-01T10:00:00Z"), messageId, campaignId));
    }

    @Test
    void aTimelinePageReadsOneQueryPerHistoryHoweverManyEventsTheMailHas() {
        String ana = sentTo("ana@example.com", "ses-ana");
        events.record(event("Delivery", "ses-ana", "2026-12-01T10:00:00Z"));
        events.record(event("Open", "ses-ana", "2026-12-01T10:04:00Z"));
        events.record(event("Click", "ses-ana", "2026-12-01T10:05:00Z"));
        AtomicInteger queries = new AtomicInteger();
        ExecutionInterceptor countQueries = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("Query".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    queries.incrementAndGet();
                }
            }
        };
        try (DynamoDbClient counted = DynamoDbClient.builder()
                .endpointOverride(dynamo.client().serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(dynamo.client().serviceClientConfiguration().region())
                .credentialsProvider(dynamo.client().serviceClientConfiguration().credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(countQueries)).build()) {
            Timeline histories = new Timeline(customers, new DynamoCustomerRepository(counted, table),
                    new DynamoWalletRepository(counted, table), new DynamoMessageRepository(counted, table),
                    new DynamoNoteRepository(counted, table), new DynamoChannelRepository(counted, table));

            assertThat(histories.of(hubId, ana, new PageRequest(50, null)).items()).hasSize(4);
        }

        assertThat(queries.get()).isEqualTo(TimelineEvent.Kind.values().length);
    }

    /** The hub's outbox items: the events waiting for the publisher (ADR 32). */
    private List<OutboxEvent> outbox() {
        return DynamoOutbox.kept(dynamo.client(), table, hubId);
    }

    private SesEvent bounce(String bounceType, String sesMessageId, String at) {
        ObjectNode record = json("Bounce", sesMessageId, at, hubId);
        ((ObjectNode) record.get("bounce")).put("bounceType", bounceType);
        return SesEvent.parse(record);
    }

    /** A customer the campaign was sent to as the sender records it, under SES's message id. */
    private String sentTo(String email, String sesMessageId) {
        String customerId = customers.create(hubId, new CustomerDraft(CustomerType.PERSON, email, null, "Name", null, null,
                List.of(), Map.of(), true, null, false)).id();
        campaigns.addRecipients(hubId, campaignId, List.of(customerId), clock.instant());
        campaigns.claim(hubId, campaignId, customerId, clock.instant(), clock.instant().plusSeconds(300));
        campaigns.recordSent(hubId, campaignId, customerId, new Message(Ids.newId(Message.ID_PREFIX), customerId,
                Message.EMAIL, "campaign", "Hello", sesMessageId, Message.SENT, clock.instant(), campaignId));
        return customerId;
    }

    private Message onlyMessage(String customerId) {
        List<Message> messages = history.of(hubId, customerId, new PageRequest(10, null)).items();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private SesEvent event(String type, String sesMessageId, String at) {
        return SesEvent.parse(json(type, sesMessageId, at, hubId));
    }

    private ObjectNode json(String type, String sesMessageId, String at, String tagHub) {
        ObjectNode record = Json.object().put("eventType", type);
        ObjectNode mail = record.putObject("mail").put("messageId", sesMessageId).put("timestamp", "2026-12-01T09:00:00Z");
        mail.putArray("destination").add("someone@example.com");
        if (tagHub != null) {
            mail.putObject("tags").putArray(SesEvent.HUB_TAG).add(tagHub);
        }
        record.putObject(type.toLowerCase(Locale.ROOT)).put("timestamp", at);
        return record;
    }
}
