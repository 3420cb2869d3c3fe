package dev.hubcrm.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Replays the outbox stream samples of {@code events/dynamodb/outbox-*.json} through the real event
 * publisher, publishing to a bus on moto's EventBridge (what reaches a bus's rule is
 * EventBridgeDomainEventsTest's). The publisher reads only the stream: its context has no table.
 */
class EventPublisherHandlerTest {
    private static final String BUS = "hubcrm-events";
    private static EmulatorProcess moto;
    private static EventBridgeClient eventBridge;
    private static EventPublisherHandler handler;

    private final Map<String, String> values = Map.of("hubId", "hub_" + UUID.randomUUID(), "campaignId", "cmp_1",
            "eventId", OutboxEvent.ID_PREFIX + "_01JDSTARTED000000000000000");

    @BeforeAll
    static void aBusOnMoto() {
        moto = MotoServer.start();
        eventBridge = AwsClients.emulator(EventBridgeClient.builder(), moto.endpoint());
        eventBridge.createEventBus(r -> r.name(BUS));
        handler = publishingTo(BUS);
    }

    private static EventPublisherHandler publishingTo(String bus) {
        return new EventPublisherHandler(AppContext.local(moto.endpoint(), "no-table", ApiKeys.sha256("op-" + UUID.randomUUID()),
                Clock.systemUTC(), Duration.ZERO).withDomainEvents(new EventBridgeDomainEvents(eventBridge, bus)));
    }

    @AfterAll
    static void stopMoto() {
        eventBridge.close();
        moto.close();
    }

    private StreamsEventResponse replay(EventPublisherHandler publisher, String sample) {
        DynamodbEvent event = Events.load("dynamodb/" + sample, values, DynamodbEvent.class);
        return publisher.handleRequest(event, new InvocationContext("event-publisher", 512));
    }

    @Test
    void anOutboxItemIsPublishedAndTheSameRecordDeliveredAgainIsPublishedAgainWithoutFailure() {
        assertThat(replay(handler, "outbox-campaign-started.json").getBatchItemFailures()).isEmpty();
        assertThat(replay(handler, "outbox-campaign-started.json").getBatchItemFailures()).isEmpty();
    }

    /**
     * The bus refuses the entry whose detail is not JSON (PutEvents' per-entry error): only its record is a
     * batch item failure, so Lambda delivers from it again; the good one before it is published; the TTL's
     * REMOVE of an old item publishes nothing.
     */
    @Test
    void anEntryTheBusRefusesIsItsRecordsBatchItemFailure() {
        StreamsEventResponse response = replay(handler, "outbox-batch-with-malformed-detail.json");

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("111100000000000000000052");
    }

    @Test
    void whenTheBusIsNotThereEveryOutboxRecordIsABatchItemFailure() {
        StreamsEventResponse response = replay(publishingTo("no-such-bus"), "outbox-batch-with-malformed-detail.json");

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrder("111100000000000000000051", "111100000000000000000052");
    }
}
