package dev.hubcrm.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.http.Json;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The EventBridge adapter against moto's EventBridge: a bus like the stack's, a rule for source
 * {@code hubcrm} with an SQS queue (on moto) as its target, and what arrives on the queue read back.
 */
class EventBridgeDomainEventsTest {
    private static final String BUS = "hubcrm-events";
    private static EmulatorProcess moto;
    private static EventBridgeClient eventBridge;
    private static SqsClient sqs;
    private static String queueUrl;

    @BeforeAll
    static void aBusWithARuleToAQueue() {
        moto = MotoServer.start();
        eventBridge = AwsClients.emulator(EventBridgeClient.builder(), moto.endpoint());
        sqs = AwsClients.emulator(SqsClient.builder(), moto.endpoint());
        eventBridge.createEventBus(r -> r.name(BUS));
        queueUrl = sqs.createQueue(r -> r.queueName("published")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        eventBridge.putRule(r -> r.name("hubcrm-events").eventBusName(BUS).eventPattern("{\"source\": [\"hubcrm\"]}"));
        eventBridge.putTargets(r -> r.rule("hubcrm-events").eventBusName(BUS).targets(t -> t.id("queue").arn(queueArn)));
    }

    @AfterAll
    static void stopMoto() {
        eventBridge.close();
        sqs.close();
        moto.close();
    }

    @Test
    void eachEventReachesTheBusWithSourceDetailTypeAndIdsOnlyWithItsEventId() throws IOException {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, BUS);
        OutboxEvent started = OutboxEvent.of(DomainEvent.campaignStarted("hub_1", "cmp_1"));
        OutboxEvent bounced = OutboxEvent.of(DomainEvent.messageBounced("hub_1", "cmp_1", "cus_1", "msg_1"));

        assertThat(events.publish(List.of(started, bounced))).isEmpty();

        List<JsonNode> arrived = arrived();
        assertThat(arrived).extracting(event -> event.path("source").asText()).containsOnly("hubcrm");
        assertThat(arrived).extracting(event -> event.path("detail-type").asText())
                .containsExactlyInAnyOrder("campaign.started", "message.bounced");
        assertThat(arrived).extracting(event -> event.path("detail").toString()).containsExactlyInAnyOrder(
                "{\"hubId\":\"hub_1\",\"campaignId\":\"cmp_1\",\"eventId\":\"" + started.eventId() + "\"}",
                "{\"hubId\":\"hub_1\",\"campaignId\":\"cmp_1\",\"customerId\":\"cus_1\",\"messageId\":\"msg_1\",\"eventId\":\""
                        + bounced.eventId() + "\"}");
    }

    /** The stream delivers a record again after a failure: the same event is published again with the same id. */
    @Test
    void anEventPublishedAgainArrivesAgainWithTheSameEventId() throws IOException {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, BUS);
        OutboxEvent unsubscribed = OutboxEvent.of(DomainEvent.customerUnsubscribed("hub_1", "cmp_1", "cus_1"));

        events.publish(List.of(unsubscribed));
        events.publish(List.of(unsubscribed));

        assertThat(arrived()).extracting(event -> event.path("detail").path("eventId").asText())
                .containsExactly(unsubscribed.eventId(), unsubscribed.eventId());
    }

    /** PutEvents answers 200 with an error for the entry it refused (a detail that is not JSON); the others are published. */
    @Test
    void anEntryTheBusRefusesIsAnsweredAndOnlyItWhileTheOthersArePublished() throws IOException {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, BUS);
        OutboxEvent good = OutboxEvent.of(DomainEvent.campaignSent("hub_1", "cmp_1"));
        OutboxEvent malformed = new OutboxEvent("hub_1", "evt_malformed", "campaign.sent", "{not json");

        assertThat(events.publish(List.of(good, malformed)))
                .containsExactly(new DomainEvents.Refused("evt_malformed", "MalformedDetail"));
        assertThat(arrived()).extracting(event -> event.path("detail").path("eventId").asText()).containsExactly(good.eventId());
    }

    /** More than one PutEvents takes (10): sent in calls of ten, every one published. */
    @Test
    void aBatchLargerThanOnePutEventsTakesIsPublishedWhole() throws IOException {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, BUS);
        List<OutboxEvent> many = IntStream.range(0, 23).mapToObj(i -> OutboxEvent.of(DomainEvent.campaignStarted("hub_1", "cmp_" + i)))
                .toList();

        assertThat(events.publish(many)).isEmpty();
        assertThat(arrived()).extracting(event -> event.path("detail").path("eventId").asText())
                .containsExactlyInAnyOrderElementsOf(many.stream().map(OutboxEvent::eventId).toList());
    }

    @Test
    void aBusThatDoesNotExistRefusesEveryEvent() {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, "no-such-bus");
        OutboxEvent sent = OutboxEvent.of(DomainEvent.campaignSent("hub_1", "cmp_1"));

        assertThat(events.publish(List.of(sent))).extracting(DomainEvents.Refused::eventId).containsExactly(sent.eventId());
    }

    /** What reached the queue, taken off it (each test reads its own events only). */
    private static List<JsonNode> arrived() throws IOException {
        List<JsonNode> arrived = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            for (Message message : batch) {
                arrived.add(Json.MAPPER.readTree(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return arrived;
    }
}
