package dev.hubcrm.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.campaigns.Campaign;
import dev.hubcrm.campaigns.CampaignStats;
import dev.hubcrm.campaigns.CampaignStatus;
import dev.hubcrm.campaigns.DynamoCampaignRepository;
import dev.hubcrm.common.Ids;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.events.EventPublisherHandler;
import dev.hubcrm.events.LocalDomainEvents;
import dev.hubcrm.events.OutboxEvent;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The outbox on DynamoDB Local's real stream (ADR 32): the deciding write leaves its event waiting while
 * no publisher runs; the publisher, once it reads the stream, publishes it with the outbox item's id;
 * the stream read again (a new mapping from the oldest record, as after a failure) publishes it again with the same id.
 */
class OutboxStreamTest {
    private final EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.inMemory();
    private final String table = "hubcrm-" + UUID.randomUUID();
    private final AppContext app;
    private final LocalDomainEvents published = new LocalDomainEvents(Clock.systemUTC());
    private final DynamoDbStreamsClient streams;

    OutboxStreamTest() {
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO)
                .withDomainEvents(published);
        streams = AwsClients.emulator(DynamoDbStreamsClient.builder(), dynamoDb.endpoint());
    }

    @AfterEach
    void stop() {
        streams.close();
        app.dynamo().close();
        dynamoDb.close();
    }

    @Test
    void aStartedCampaignsEventWaitsForThePublisherThenIsPublishedWithItsIdAndAgainWithTheSameId() {
        String hubId = "hub_" + UUID.randomUUID();
        DynamoCampaignRepository campaigns = new DynamoCampaignRepository(app.dynamo(), table);
        Instant now = Instant.parse("2026-12-01T09:00:00Z");
        Campaign draft = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Winter", "seg_1", "Hello", "Hi", null, CampaignStatus.DRAFT,
                CampaignStats.NONE, null, false, null, null, now, now, 1);
        campaigns.create(hubId, draft);

        assertThat(campaigns.startSending(hubId, draft, now)).isTrue();
        assertThat(campaigns.startSending(hubId, draft, now)).as("a second start writes nothing").isFalse();
        assertThat(DynamoOutbox.kept(app.dynamo(), table, hubId)).as("the start waits for its first snapshot step").isEmpty();
        assertThat(campaigns.advanceSnapshot(hubId, draft.id(), null, "page-2", now)).isTrue();
        assertThat(campaigns.advanceSnapshot(hubId, draft.id(), null, "page-2", now)).as("the first step again: nothing, no event").isFalse();
        assertThat(campaigns.advanceSnapshot(hubId, draft.id(), "page-2", null, now)).as("a later step: no event").isTrue();

        List<OutboxEvent> waiting = DynamoOutbox.kept(app.dynamo(), table, hubId);
        assertThat(waiting).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("campaign.started");
            assertThat(event.detail()).isEqualTo("{\"hubId\":\"" + hubId + "\",\"campaignId\":\"" + draft.id() + "\",\"eventId\":\""
                    + event.eventId() + "\"}");
        });
        assertThat(published.published()).as("no publisher has read the stream yet").isEmpty();

        try (LocalDynamoStreamSource publisher = readStream()) {
            TestApi.eventually("the event published", Duration.ofSeconds(30), published::published, events -> !events.isEmpty());
        }
        try (LocalDynamoStreamSource again = readStream()) {
            TestApi.eventually("the event published again", Duration.ofSeconds(30), published::published, events -> events.size() >= 2);
        }
        assertThat(published.published()).extracting(LocalDomainEvents.Published::event).containsExactly(waiting.getFirst(),
                waiting.getFirst());
    }

    private LocalDynamoStreamSource readStream() {
        String streamArn = app.dynamo().describeTable(r -> r.tableName(table)).table().latestStreamArn();
        return LocalDynamoStreamSource.start(streams, streamArn, LambdaFunction.EVENT_PUBLISHER, new EventPublisherHandler(app),
                LocalServer.OUTBOX_STREAM_BATCH_SIZE, Set.of(DynamoOutbox.KIND));
    }
}
