package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.Ids;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.events.OutboxEvent;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.mail.LocalOutbox;
import dev.hubcrm.mail.MailMessage;
import dev.hubcrm.mail.MailNotSentException;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import dev.hubcrm.hubs.ApiKeys;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Replays {@code events/sqs/campaign-tasks.json} through the real sender on DynamoDB Local and
 * ElasticMQ: a delivery sends once whatever redelivers it; a refusal SES may take back (throttling)
 * sends nothing, hands the recipient back and comes again; a final refusal records the reason.
 */
class CampaignSenderHandlerTest {
    private static CampaignEmulators emulators;
    private static AppContext app;
    private static LocalOutbox outbox;
    /** What the mail port answers next: a refusal, or (when empty) the outbox takes the mail. */
    private static final Deque<MailNotSentException> REFUSALS = new ArrayDeque<>();
    private static Mailer mailer;
    private static CampaignSenderHandler handler;
    private static DynamoCampaignRepository campaigns;

    private Hub hub;
    private Customer customer;
    private Campaign campaign;

    @BeforeAll
    static void start() {
        outbox = new LocalOutbox(Clock.systemUTC());
        // The mail port as the sender sees it: SES's answers, in the domain's terms (its SES adapter is SesMailerTest's).
        mailer = (MailMessage message) -> {
            MailNotSentException refusal = REFUSALS.poll();
            if (refusal != null) {
                throw refusal;
            }
            return outbox.send(message);
        };
        emulators = new CampaignEmulators(mailer);
        app = emulators.app;
        handler = new CampaignSenderHandler(app);
        campaigns = emulators.campaigns;
    }

    @AfterAll
    static void stop() {
        emulators.close();
    }

    /** A hub, a consenting customer, and a campaign sending to that customer alone (its snapshot done). */
    @BeforeEach
    void campaignWithOneRecipient() {
        REFUSALS.clear();
        hub = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub();
        customer = app.customers().create(hub.id(), new CustomerDraft(CustomerType.PERSON, "ines-" + UUID.randomUUID() + "@example.com",
                null, "Inès", null, null, List.of(), Map.of(), true, null, false));
        Instant now = Instant.now();
        Campaign draft = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Spring", "seg_00000000000000000000000000", "Hi {{firstName}}",
                "Hello {{firstName}}", null, CampaignStatus.DRAFT, CampaignStats.NONE, null, false, null, null, now, now, 1);
        campaigns.create(hub.id(), draft);
        assertThat(campaigns.startSending(hub.id(), draft, now)).isTrue();
        assertThat(campaigns.addRecipients(hub.id(), draft.id(), List.of(customer.id()), now)).isTrue();
        assertThat(campaigns.advanceSnapshot(hub.id(), draft.id(), null, null, now)).isTrue();
        campaign = draft;
    }

    private SQSBatchResponse deliver() {
        SQSEvent event = Events.load("sqs/campaign-tasks.json",
                Map.of("hubId", hub.id(), "campaignId", campaign.id(), "customerId", customer.id()), SQSEvent.class);
        return handler.handleRequest(event, new InvocationContext("campaign-sender", 1024, QueueConsumer.CAMPAIGN_SENDER.functionTimeout()));
    }

    private List<LocalOutbox.Sent> mailToCustomer() {
        return outbox.sent().stream().filter(sent -> sent.message().to().equals(List.of(customer.email()))).toList();
    }

    private Campaign stored() {
        return campaigns.find(hub.id(), campaign.id()).orElseThrow();
    }

    @Test
    void aDeliveryDeliveredAgainSendsOnceAndTheCampaignIsSent() {
        SQSBatchResponse first = deliver();
        SQSBatchResponse again = deliver();

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(mailToCustomer()).hasSize(1);
        LocalOutbox.Sent mail = mailToCustomer().get(0);
        assertThat(mail.message().subject()).isEqualTo("Hi Inès");
        assertThat(mail.message().headers().get("List-Unsubscribe")).startsWith("<" + AppContext.LOCAL_BASE_URL + "/u/");
        Recipient recipient = campaigns.recipient(hub.id(), campaign.id(), customer.id()).orElseThrow();
        assertThat(recipient.status()).isEqualTo(RecipientStatus.SENT);
        assertThat(recipient.messageId()).isEqualTo(mail.id());
        assertThat(stored().stats().sent()).isEqualTo(1);
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENT);
        assertThat(app.messages().of(hub.id(), customer.id(), new PageRequest(10, null)).items())
                .singleElement().satisfies(message -> assertThat(message.campaignId()).isEqualTo(campaign.id()));
        // the transaction that made it sent put its event in the outbox, once however often the delivery came
        assertThat(DynamoOutbox.kept(app.dynamo(), app.table(), hub.id())).filteredOn(event -> event.detailType().equals("campaign.sent"))
                .extracting(OutboxEvent::detail).singleElement().asString().contains("\"campaignId\":\"" + campaign.id() + "\"");
    }

    @Test
    void aRedeliveryOfADeliveryWhoseInvocationDiedAfterRecordingItFinishesTheCampaignAndSendsNothing() {
        Instant now = Instant.now();
        // The invocation that sent claimed and recorded the recipient, then died before its round checked the campaign.
        assertThat(campaigns.claim(hub.id(), campaign.id(), customer.id(), now, now.plusSeconds(300))).isEqualTo(CampaignRepository.Claim.CLAIMED);
        campaigns.recordSent(hub.id(), campaign.id(), customer.id(), new dev.hubcrm.messages.Message(Ids.newId(
                dev.hubcrm.messages.Message.ID_PREFIX), customer.id(), dev.hubcrm.messages.Message.EMAIL, CampaignSending.TEMPLATE, "Hi Inès",
                "ses-message-1", dev.hubcrm.messages.Message.SENT, now, campaign.id()));
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENDING);

        assertThat(deliver().getBatchItemFailures()).isEmpty();

        assertThat(stored().status()).isEqualTo(CampaignStatus.SENT);
        assertThat(mailToCustomer()).isEmpty();
    }

    @Test
    void throttlingSendsNothingHandsTheRecipientBackAndTheRedeliverySendsOnce() {
        REFUSALS.add(new MailNotSentException("TooManyRequestsException: Maximum sending rate exceeded.", true, null));

        SQSBatchResponse throttled = deliver();

        assertThat(throttled.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("7d2e8b3c-9a4f-4d7e-8b2c-3e4f5a6b7c8d");
        assertThat(mailToCustomer()).isEmpty();
        assertThat(campaigns.recipient(hub.id(), campaign.id(), customer.id()).orElseThrow().status()).isEqualTo(RecipientStatus.QUEUED);
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENDING);

        SQSBatchResponse redelivered = deliver();

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(mailToCustomer()).hasSize(1);
        assertThat(stored().stats().sent()).isEqualTo(1);
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENT);
    }

    /** The delivery task of this test's recipient as the queue gives it: a real receipt handle, kept invisible for ten minutes. */
    private Message receivedDelivery() {
        emulators.app.sqs().purgeQueue(r -> r.queueUrl(emulators.queueUrl));
        emulators.app.sqs().sendMessage(r -> r.queueUrl(emulators.queueUrl)
                .messageBody(CampaignJson.message(new CampaignTask.Delivery(hub.id(), campaign.id(), customer.id()))));
        return emulators.app.sqs().receiveMessage(r -> r.queueUrl(emulators.queueUrl).visibilityTimeout(600).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().get(0);
    }

    private SQSBatchResponse invoke(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        return handler.handleRequest(event, new InvocationContext("campaign-sender", 1024, QueueConsumer.CAMPAIGN_SENDER.functionTimeout()));
    }

    @Test
    void aDeliverySesRefusedForNowIsABatchFailureThatComesBackLongBeforeTheVisibilityTimeoutAndIsSentOnce() {
        REFUSALS.add(new MailNotSentException("TooManyRequestsException: Maximum sending rate exceeded.", true, null));
        Message received = receivedDelivery();

        SQSBatchResponse throttled = invoke(received);

        assertThat(throttled.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(received.messageId());
        assertThat(mailToCustomer()).isEmpty();
        // Received with a visibility of ten minutes: it is back within a long poll only because the sender brought it back.
        List<Message> back = emulators.app.sqs().receiveMessage(r -> r.queueUrl(emulators.queueUrl).waitTimeSeconds(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(back).extracting(Message::messageId).containsExactly(received.messageId());

        SQSBatchResponse redelivered = invoke(back.get(0));

        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(mailToCustomer()).hasSize(1);
        assertThat(stored().stats().sent()).isEqualTo(1);
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENT);
    }

    @Test
    void aDeliveryRefusedForNowAgainWaitsForTheQueuesVisibilityTimeout() {
        REFUSALS.add(new MailNotSentException("TooManyRequestsException: Maximum sending rate exceeded.", true, null));
        REFUSALS.add(new MailNotSentException("TooManyRequestsException: Maximum sending rate exceeded.", true, null));
        Message received = receivedDelivery();
        invoke(received);
        Message second = emulators.app.sqs().receiveMessage(r -> r.queueUrl(emulators.queueUrl).visibilityTimeout(600).waitTimeSeconds(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages().get(0);

        assertThat(invoke(second).getBatchItemFailures()).hasSize(1);

        // Its second refusal: the queue's own timeout (and its five receives) stand between an SES outage and the dead-letter queue.
        assertThat(emulators.app.sqs().receiveMessage(r -> r.queueUrl(emulators.queueUrl).waitTimeSeconds(3)).messages()).isEmpty();
        assertThat(mailToCustomer()).isEmpty();
        assertThat(campaigns.recipient(hub.id(), campaign.id(), customer.id()).orElseThrow().status()).isEqualTo(RecipientStatus.QUEUED);
    }

    @Test
    void anInvocationWithTooLittleTimeLeftStartsNoTaskAndHandsEveryOneBack() {
        SQSEvent event = Events.load("sqs/campaign-tasks.json",
                Map.of("hubId", hub.id(), "campaignId", campaign.id(), "customerId", customer.id()), SQSEvent.class);

        SQSBatchResponse response = handler.handleRequest(event, new InvocationContext("campaign-sender", 1024,
                CampaignBatch.TASK_BUDGET.minusSeconds(1)));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("4e1c7a2b-8f3d-4c6e-9a1b-2d3e4f5a6b7c", "7d2e8b3c-9a4f-4d7e-8b2c-3e4f5a6b7c8d");
        assertThat(mailToCustomer()).isEmpty();
        assertThat(campaigns.recipient(hub.id(), campaign.id(), customer.id()).orElseThrow().status()).isEqualTo(RecipientStatus.QUEUED);
    }

    @Test
    void aFinalRefusalMarksTheRecipientFailedWithItsReasonAndIsNotRetried() {
        REFUSALS.add(new MailNotSentException("MessageRejected: Email address is not verified.", false, null));

        SQSBatchResponse refused = deliver();
        SQSBatchResponse again = deliver();

        assertThat(refused.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(mailToCustomer()).isEmpty();
        Recipient recipient = campaigns.recipient(hub.id(), campaign.id(), customer.id()).orElseThrow();
        assertThat(recipient.status()).isEqualTo(RecipientStatus.FAILED);
        assertThat(recipient.failureReason()).isEqualTo("MessageRejected: Email address is not verified.");
        assertThat(stored().stats().failed()).isEqualTo(1);
        assertThat(stored().stats().sent()).isZero();
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENT);
    }

    @Test
    void aRecipientWhoWithdrewConsentBeforeItsTurnIsSkipped() {
        app.customers().update(hub.id(), customer.id(), c -> c.draft().withMarketingConsent(false), ExpectedVersion.ANY, "test");

        assertThat(deliver().getBatchItemFailures()).isEmpty();

        assertThat(mailToCustomer()).isEmpty();
        assertThat(campaigns.recipient(hub.id(), campaign.id(), customer.id()).orElseThrow().status()).isEqualTo(RecipientStatus.SKIPPED);
        assertThat(stored().status()).isEqualTo(CampaignStatus.SENT);
    }

    /** Send tokens taken (ADR 27): the counts of the counters in {@code partition} whose sort key starts with {@code sortPrefix}. */
    private long tokens(String partition, String sortPrefix) {
        return app.dynamo().query(r -> r.tableName(app.table()).keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition), ":prefix", AttributeValue.fromS(sortPrefix))))
                .items().stream().mapToLong(item -> Long.parseLong(item.get("count").n())).sum();
    }

    private long platformTokens(Instant from) {
        long total = 0;
        for (long second = from.getEpochSecond(); second <= Instant.now().getEpochSecond(); second++) {
            total += tokens("PLATFORM#send-rate#" + second + "#0", "COUNTER");
        }
        return total;
    }

    @Test
    void aSentMailTakesOneOfItsHubsCampaignTokensAndOneOfThePlatformsAndASkippedRecipientNone() {
        Instant from = Instant.now();
        long platformBefore = platformTokens(from);

        deliver();

        assertThat(mailToCustomer()).hasSize(1);
        assertThat(tokens("HUB#" + hub.id(), "QUOTA#campaign-send-rate#")).isEqualTo(1);
        assertThat(platformTokens(from) - platformBefore).isEqualTo(1);
    }

    @Test
    void aRecipientSkippedForConsentTakesNoSendToken() {
        app.customers().update(hub.id(), customer.id(), c -> c.draft().withMarketingConsent(false), ExpectedVersion.ANY, "test");
        Instant from = Instant.now();
        long platformBefore = platformTokens(from);

        deliver();

        assertThat(tokens("HUB#" + hub.id(), "QUOTA#campaign-send-rate#")).isZero();
        assertThat(platformTokens(from) - platformBefore).isZero();
    }

    @Test
    void aBatchOfDeliveriesReadsEachItemOnceTakesItsTokensManyAtATimeAndChecksTheCampaignsEndOnce() {
        List<Customer> members = IntStream.range(0, 20).mapToObj(i -> app.customers().create(hub.id(), new CustomerDraft(CustomerType.PERSON,
                "member-" + i + "-" + UUID.randomUUID() + "@example.com", null, "Member", null, null, List.of(), Map.of(), true, null, false)))
                .toList();
        Instant now = Instant.now();
        Campaign draft = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Autumn", "seg_00000000000000000000000000", "Hi {{firstName}}",
                "Hello", null, CampaignStatus.DRAFT, CampaignStats.NONE, null, false, null, null, now, now, 1);
        campaigns.create(hub.id(), draft);
        campaigns.startSending(hub.id(), draft, now);
        campaigns.addRecipients(hub.id(), draft.id(), members.stream().map(Customer::id).toList(), now);
        campaigns.advanceSnapshot(hub.id(), draft.id(), null, null, now);
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        Map<String, Integer> itemReads = new ConcurrentHashMap<>();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
                if (context.request() instanceof GetItemRequest read && read.projectionExpression() == null) {
                    itemReads.merge(read.key().get("SK").s(), 1, Integer::sum);
                }
            }
        };
        SQSEvent batch = new SQSEvent();
        batch.setRecords(members.stream().map(member -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(UUID.randomUUID().toString());
            record.setBody(CampaignJson.message(new CampaignTask.Delivery(hub.id(), draft.id(), member.id())));
            record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            return record;
        }).toList());

        try (DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(emulators.dynamoDb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.addExecutionInterceptor(counting)).build()) {
            AppContext countedApp = AppContext.local(counted, app.table(), ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(),
                    Duration.ZERO).withImportQueue(emulators.sqs.endpoint(), null);
            countedApp.withCampaignQueue(emulators.queueUrl).withMailer(mailer).withCheckout(null, null, () -> "unsubscribe-test-key");

            assertThat(new CampaignSenderHandler(countedApp).handleRequest(batch, new InvocationContext("campaign-sender", 1024,
                    QueueConsumer.CAMPAIGN_SENDER.functionTimeout())).getBatchItemFailures()).isEmpty();
        }

        assertThat(campaigns.find(hub.id(), draft.id()).orElseThrow().status()).isEqualTo(CampaignStatus.SENT);
        // The campaign and the hub once for the batch, each customer once; no recipient read before its claim.
        assertThat(itemReads).hasSize(members.size() + 2).allSatisfy((key, reads) -> assertThat(reads).isOne());
        // Each recipient's sent record, and the round's one finish.
        assertThat(calls.get("TransactWriteItems")).isEqualTo(members.size() + 1);
        // A claim each, and tokens for all that wait in one take of the hub's counter and one of the platform's (and a
        // give-back of what went over): one a token, as before, would be 20 more of each, and more for each refusal.
        assertThat(calls.get("UpdateItem") - members.size()).as("token takes").isPositive().isLessThan(members.size());
    }
}
