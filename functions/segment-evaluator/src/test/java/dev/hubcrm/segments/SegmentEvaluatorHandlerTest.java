package dev.hubcrm.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.Channel;
import dev.hubcrm.conversations.ChannelDraft;
import dev.hubcrm.conversations.ChannelService;
import dev.hubcrm.conversations.Note;
import dev.hubcrm.conversations.NoteDraft;
import dev.hubcrm.conversations.NoteKind;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.http.Json;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.MutableClock;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replays the DynamoDB stream samples of {@code events/dynamodb/} through the real segment
 * evaluator, on DynamoDB Local, with the customer and segment the images describe stored for real.
 */
class SegmentEvaluatorHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static String table;
    private static AppContext app;
    private static SegmentEvaluatorHandler handler;

    private String hubId;
    private Customer ann;
    private Segment vip;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO);
        handler = new SegmentEvaluatorHandler(app);
    }

    @AfterAll
    static void stop() {
        app.dynamo().close();
        dynamoDb.close();
    }

    /** The state the samples describe: Ann without tags (version 1) and a new VIP segment, not built yet. */
    @BeforeEach
    void hubWithAnnAndAVipSegment() throws Exception {
        hubId = app.hubs().create(new NewHub("Ferme " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub().id();
        ann = app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, "ann.martin@example.com", null, "Ann", null, null,
                List.of(), Map.of(), true, null, false));
        vip = app.segments().create(hubId, new SegmentService.SegmentInput("VIP",
                Json.MAPPER.readTree("{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"vip\"}")));
    }

    private StreamsEventResponse replay(String sample) {
        return replay(sample, Map.of("hubId", hubId, "customerId", ann.id(), "segmentId", vip.id()));
    }

    private StreamsEventResponse replay(String sample, Map<String, String> values) {
        DynamodbEvent event = Events.load("dynamodb/" + sample, values, DynamodbEvent.class);
        return handler.handleRequest(event, new InvocationContext("segment-evaluator", 1024));
    }

    @Test
    void aNewChannelsRecordCopiesItsMembersNotesIntoItsFeedAndMarksItReady() {
        tagAnnVip();
        replay("segment-created.json");
        Note note = app.notes().create(hubId, ann.id(), new NoteDraft(NoteKind.NOTE, "Ann asked for the autumn box", null, null, false));
        Channel channel = app.channels().create(hubId, new ChannelDraft("VIP news", vip.id(), null));
        Map<String, String> values = Map.of("hubId", hubId, "channelId", channel.id(), "segmentId", vip.id());

        assertThat(replay("channel-created.json", values).getBatchItemFailures()).isEmpty();

        assertThat(app.channels().get(hubId, channel.id()).backfill()).isEqualTo(new Channel.Backfill(Channel.Status.READY, 1));
        assertThat(app.channels().feed(hubId, channel.id(), new PageRequest(50, null)).items())
                .extracting(item -> item.note().id()).containsExactly(note.id());
        assertThat(replay("channel-created.json", values).getBatchItemFailures()).as("the same record again changes nothing").isEmpty();
        assertThat(app.channels().get(hubId, channel.id()).backfill()).isEqualTo(new Channel.Backfill(Channel.Status.READY, 1));
    }

    @Test
    void aJoinersNotesAreCopiedByTheJoinStepsRecordNotInTheCustomersOwn() {
        Note note = app.notes().create(hubId, ann.id(), new NoteDraft(NoteKind.NOTE, "Ann asked for the autumn box", null, null, false));
        replay("segment-created.json");
        Channel channel = app.channels().create(hubId, new ChannelDraft("VIP news", vip.id(), null));
        replay("channel-created.json", Map.of("hubId", hubId, "channelId", channel.id(), "segmentId", vip.id()));
        tagAnnVip();

        assertThat(replay("customer-tagged.json").getBatchItemFailures()).isEmpty();

        assertThat(app.channels().feed(hubId, channel.id(), new PageRequest(50, null)).items()).as("the join only starts the copy").isEmpty();
        Map<String, AttributeValue> stepKey = Items.key("HUB#" + hubId, "CHJOIN#" + vip.id() + "#" + ann.id());
        Map<String, AttributeValue> step = app.dynamo().getItem(r -> r.tableName(table).key(stepKey)).item();
        Map<String, String> values = Map.of("hubId", hubId, "customerId", ann.id(), "segmentId", vip.id(), "run", Items.string(step, "run"));
        assertThat(replay("channel-join-started.json", values).getBatchItemFailures()).isEmpty();
        assertThat(app.channels().feed(hubId, channel.id(), new PageRequest(50, null)).items())
                .extracting(item -> item.note().body()).containsExactly(note.body());
        assertThat(app.dynamo().getItem(r -> r.tableName(table).key(stepKey)).item()).as("the last step ends the copy").isEmpty();
        assertThat(replay("channel-join-started.json", values).getBatchItemFailures()).as("the same record again changes nothing").isEmpty();
    }

    @Test
    void aRenamesStepRecordWritesTheNewNameIntoTheCustomersFeedEntries() {
        Customer vipAnn = tagAnnVip();
        replay("segment-created.json");
        Channel channel = app.channels().create(hubId, new ChannelDraft("VIP news", vip.id(), null));
        replay("channel-created.json", Map.of("hubId", hubId, "channelId", channel.id(), "segmentId", vip.id()));
        app.notes().create(hubId, ann.id(), new NoteDraft(NoteKind.NOTE, "Ann asked for the autumn box", null, null, false));
        Customer renamed = app.customers().update(hubId, ann.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), "Annie",
                c.lastName(), c.companyName(), c.tags(), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        app.channels().customerChanged(hubId, vipAnn, renamed);
        Map<String, AttributeValue> stepKey = Items.key("HUB#" + hubId, "CHRENAME#" + ann.id());
        Map<String, String> values = Map.of("hubId", hubId, "customerId", ann.id(),
                "run", Items.string(app.dynamo().getItem(r -> r.tableName(table).key(stepKey)).item(), "run"));

        assertThat(replay("channel-rename-started.json", values).getBatchItemFailures()).isEmpty();

        assertThat(app.channels().feed(hubId, channel.id(), new PageRequest(50, null)).items())
                .extracting(ChannelService.FeedItem::customerName).containsExactly("Annie");
        assertThat(app.dynamo().getItem(r -> r.tableName(table).key(stepKey)).item()).as("the last step ends the rewrite").isEmpty();
    }

    private List<String> members() {
        return members(app, hubId, vip);
    }

    private Customer tagAnnVip() {
        return app.customers().update(hubId, ann.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(), c.lastName(),
                c.companyName(), List.of("vip"), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
    }

    @Test
    void aCreatedSegmentIsBuiltByItsOwnRecordAndMarkedReady() {
        tagAnnVip();
        StreamsEventResponse response = replay("segment-created.json");
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(members()).containsExactly(ann.id());
        Segment built = app.segments().get(hubId, vip.id());
        assertThat(built.status()).isEqualTo(Segment.Status.READY);
        assertThat(built.processed()).isEqualTo(1);
        assertThat(replay("segment-created.json").getBatchItemFailures()).as("the same record again changes nothing").isEmpty();
        assertThat(app.segments().get(hubId, vip.id())).isEqualTo(built);
    }

    @Test
    void aTaggedCustomerJoinsAndADeletedOneLeaves() {
        replay("segment-created.json");
        assertThat(members()).isEmpty();
        assertThat(tagAnnVip().version()).as("the version the sample's new image carries").isEqualTo(2);
        assertThat(replay("customer-tagged.json").getBatchItemFailures()).isEmpty();
        assertThat(members()).containsExactly(ann.id());

        app.customers().delete(hubId, ann.id(), ExpectedVersion.ANY);
        assertThat(replay("customer-deleted.json").getBatchItemFailures()).isEmpty();
        assertThat(members()).isEmpty();
        assertThat(app.dynamo().getItem(r -> r.tableName(table).key(Items.key("HUB#" + hubId, "NOTEPURGE#" + ann.id()))).item())
                .as("the erasing of Ann's notes starts: its item's stream record runs the first step")
                .containsEntry("step", Items.n(0));
    }

    @Test
    void aRecordThatCannotBeReadIsReportedAndTheOnesBeforeItStayDone() {
        replay("segment-created.json");
        tagAnnVip();
        StreamsEventResponse response = replay("customer-batch-with-unreadable-record.json");
        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("111100000000000000000004");
        assertThat(members()).as("the first record was handled").containsExactly(ann.id());
    }

    @Test
    void aStaleRecordDoesNotUndoANewerChange() {
        replay("segment-created.json");
        tagAnnVip();
        app.customers().update(hubId, ann.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(), c.lastName(),
                c.companyName(), List.of("vip", "retail"), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        assertThat(replay("customer-tagged.json").getBatchItemFailures()).isEmpty();
        assertThat(members()).as("version 2's record arrives when Ann is at version 3: version 3's record decides").isEmpty();
    }

    @Test
    void theScheduledRefreshMovesACustomerWhoseLastOrderCrossedAWeek() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        AppContext timed = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), clock, Duration.ZERO);
        String hub = timed.hubs().create(new NewHub("Ferme " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub().id();
        String buyer = timed.customers().create(hub, new CustomerDraft(CustomerType.PERSON, "buyer@example.com", null, "Buyer", null,
                null, List.of(), Map.of(), true, null, false)).id();
        Segment thisWeek = timed.segments().create(hub, new SegmentService.SegmentInput("Ordered this week",
                Json.MAPPER.readTree("{\"field\":\"lastOrderAt\",\"op\":\"withinDays\",\"value\":7}")));
        Segment lapsed = timed.segments().create(hub, new SegmentService.SegmentInput("Lapsed",
                Json.MAPPER.readTree("{\"field\":\"lastOrderAt\",\"op\":\"olderThanDays\",\"value\":7}")));
        timed.customers().recordOrder(hub, buyer, "o-1", 2500L, clock.instant().minus(Duration.ofDays(1)));
        // What the evaluator does with the order's stream record: the buyer joins, and is indexed for the refresh.
        SegmentMembership membership = timed.segmentMembership();
        membership.customerChanged(hub, null, timed.customers().get(hub, buyer), membership.rules(hub));
        assertThat(members(timed, hub, thisWeek)).containsExactly(buyer);
        assertThat(members(timed, hub, lapsed)).isEmpty();

        clock.advance(Duration.ofDays(7));
        new SegmentRefreshHandler(timed).handleRequest(Events.load("scheduled/segment-refresh.json", Map.of(), ScheduledEvent.class),
                new InvocationContext("segment-refresh", 1024));

        assertThat(members(timed, hub, thisWeek)).as("left: the order is a week old").isEmpty();
        assertThat(members(timed, hub, lapsed)).as("entered").containsExactly(buyer);
        timed.dynamo().close();
    }

    private static List<String> members(AppContext context, String hub, Segment segment) {
        return context.segments().members(hub, segment.id(), CustomerFilter.NONE, new PageRequest(50, null)).items().stream()
                .map(Customer::id).toList();
    }
}
