package dev.hubcrm.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.http.Json;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    void eachEventReachesTheBusWithSourceDetailTypeAndIdsOnly() throws IOException {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, BUS);

        events.publish(DomainEvent.campaignStarted("hub_1", "cmp_1"));
        events.publish(DomainEvent.messageBounced("hub_1", "cmp_1", "cus_1", "msg_1"));

        List<JsonNode> arrived = new ArrayList<>();
        for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
            arrived.add(Json.MAPPER.readTree(message.body()));
        }
        assertThat(arrived).extracting(event -> event.path("source").asText()).containsOnly("hubcrm");
        assertThat(arrived).extracting(event -> event.path("detail-type").asText())
                .containsExactlyInAnyOrder("campaign.started", "message.bounced");
        assertThat(arrived).extracting(event -> event.path("detail").toString()).containsExactlyInAnyOrder(
                "{\"hubId\":\"hub_1\",\"campaignId\":\"cmp_1\"}",
                "{\"hubId\":\"hub_1\",\"campaignId\":\"cmp_1\",\"customerId\":\"cus_1\",\"messageId\":\"msg_1\"}");
    }

    @Test
    void aBusThatDoesNotExistIsAnError() {
        DomainEvents events = new EventBridgeDomainEvents(eventBridge, "no-such-bus");

        assertThatThrownBy(() -> events.publish(DomainEvent.campaignSent("hub_1", "cmp_1"))).isInstanceOf(RuntimeException.class);
    }
}
