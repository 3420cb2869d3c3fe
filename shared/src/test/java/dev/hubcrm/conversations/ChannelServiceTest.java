package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.http.Json;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.segments.DynamoSegmentRepository;
import dev.hubcrm.segments.SegmentMembership;
import dev.hubcrm.segments.SegmentService;
import dev.hubcrm.store.Items;
import dev.hubcrm.support.ItemsReadCounter;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import dev.hubcrm.timeline.Timeline;
import dev.hubcrm.timeline.TimelineEvent;
import dev.hubcrm.wallet.DynamoWalletRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Channels on DynamoDB Local: the feed entries a note and a segment join write, and a feed page
 * read from one Query of them. Memberships move as the stream handler moves them.
 */
class ChannelServiceTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private static final String table = dynamo.freshTable();
    private final MutableClock clock = MutableClock.at("2026-03-01T09:00:00Z");
    private HubService hubs;
    private CustomerService customers;
    private SegmentService segments;
    private SegmentMembership membership;
    private ChannelService channels;
    private NoteService notes;
    private String hub;
    private String otherHub;
    private String vips;
    private String leads;

    @BeforeEach
    void hubWithTwoSegments() throws Exception {
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        DynamoSegmentRepository segmentRepository = new DynamoSegmentRepository(dynamo.client(), table);
        segments = new SegmentService(segmentRepository, customers, hubs, new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock),
                clock);
        DynamoNoteRepository noteRepository = new DynamoNoteRepository(dynamo.client(), table);
        channels = new ChannelService(new DynamoChannelRepository(dynamo.client(), table), noteRepository,
                new DynamoNoteSearchIndex(dynamo.client(), table), segments, customers, clock);
        membership = new SegmentMembership(segmentRepository, customers, channels, clock);
        notes = new NoteService(noteRepository, new DynamoNoteSearchIndex(dynamo.client(), table), customers, hubs, channels, clock);
        hub = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        otherHub = hubs.create(new NewHub("Autre", "EUR", "Europe/Paris")).hub().id();
        vips = segment(hub, "VIPs", "vip");
        leads = segment(hub, "Leads", "lead");
    }

    private String segment(String hubId, String name, String tag) throws Exception {
        return segments.create(hubId, new SegmentService.SegmentInput(name,
                Json.MAPPER.readTree("{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"" + tag + "\"}"))).id();
    }

    /** A new customer, evaluated as the stream handler would. */
    private Customer customer(String name, String... tags) {
        Customer created = customers.create(hub, new CustomerDraft(CustomerType.PERSON, name.toLowerCase() + "@example.com", null, name,
                null, null, List.of(tags), Map.of(), false, null, false));
        membership.customerChanged(hub, null, created, membership.rules(hub));
        return created;
    }

    /** The customer's tags changed, evaluated as the stream handler would; the join steps it started are not run. */
    private Customer retagOnly(Customer before, String... tags) {
        Customer after = customers.update(hub, before.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(),
                c.lastName(), c.companyName(), List.of(tags), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        membership.customerChanged(hub, before, after, membership.rules(hub));
        return after;
    }

    /** The customer's tags changed, evaluated and the join steps run as the stream would. */
    private Customer retag(Customer before, String... tags) {
        Customer after = retagOnly(before, tags);
        runJoinSteps();
        return after;
    }

    private Note note(Customer customer, String body) {
        clock.advance(Duration.ofMinutes(1));
        return notes.create(hub, customer.id(), new NoteDraft(NoteKind.NOTE, body, null, null, false));
    }

    /** A new channel, its backfill run to the end as the stream would run it. */
    private Channel channel(String name, String segmentId) {
        Channel created = channels.create(hub, new ChannelDraft(name, segmentId, null));
        backfill(created);
        return channels.get(hub, created.id());
    }

    /** Runs the channel's backfill steps as the stream does, each from the channel item its previous step wrote; the number of steps. */
    private int backfill(Channel channel) {
        for (int steps = 0; ; steps++) {
            Map<String, AttributeValue> item = dynamo.client().getItem(r -> r.tableName(table)
                    .key(Items.key("HUB#" + hub, "CHAN#" + channel.id().substring("chan_".length())))).item();
            Channel now = DynamoChannelRepository.fromItem(item);
            if (now.backfill().status() == Channel.Status.READY) {
                return steps;
            }
            assertThat(channels.backfillStep(hub, now, DynamoChannelRepository.backfillCursor(item), now.backfill().processed())).isTrue();
        }
    }

    private List<String> feedBodies(Channel channel) {
        return channels.feed(hub, channel.id(), new PageRequest(50, null)).items().stream()
                .map(item -> item.post() != null ? item.post().body() : item.note().body()).toList();
    }

    /** The channel's feed entries as stored: sort keys and the notes they point at, newest first. */
    private List<Map<String, AttributeValue>> feedEntries(Channel channel) {
        return dynamo.client().query(r -> r.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s("HUB#" + hub),
                        ":prefix", Items.s("CHFEED#" + channel.id().substring("chan_".length()) + "#")))
                .scanIndexForward(false)).items();
    }

    @Test
    void aNoteOnAMemberIsWrittenToEveryChannelOfItsSegmentsAndNoOther() {
        Channel vipNews = channel("VIP news", vips);
        Channel vipSupport = channel("VIP support", vips);
        Channel leadChat = channel("Leads", leads);
        Customer ana = customer("Ana", "vip");

        Note note = note(ana, "Called Ana about the harvest");

        for (Channel channel : List.of(vipNews, vipSupport)) {
            List<Map<String, AttributeValue>> entries = feedEntries(channel);
            assertThat(entries).hasSize(1);
            assertThat(Items.string(entries.getFirst(), "SK")).endsWith(note.id().substring("note_".length()));
            assertThat(Items.string(entries.getFirst(), "customerId")).isEqualTo(ana.id());
            ChannelService.FeedItem item = channels.feed(hub, channel.id(), new PageRequest(50, null)).items().getFirst();
            assertThat(item.note().id()).isEqualTo(note.id());
            assertThat(item.note().customerId()).isEqualTo(ana.id());
        }
        assertThat(feedEntries(leadChat)).isEmpty();
        assertThat(feedBodies(leadChat)).isEmpty();
    }

    @Test
    void theFeedIsNewestFirstInPagesOfItsEntries() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        Customer bob = customer("Bob", "vip");
        note(ana, "one");
        note(bob, "two");
        note(ana, "three");

        Page<ChannelService.FeedItem> first = channels.feed(hub, vipNews.id(), new PageRequest(2, null));
        Page<ChannelService.FeedItem> second = channels.feed(hub, vipNews.id(), new PageRequest(2, first.nextCursor()));

        assertThat(first.items()).extracting(item -> item.note().body()).containsExactly("three", "two");
        assertThat(first.items()).extracting(ChannelService.FeedItem::customerName).containsExactly("Ana", "Bob");
        assertThat(second.items()).extracting(item -> item.note().body()).containsExactly("one");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aCustomerWhoJoinsBringsAllTheirNotesAndOneWhoLeavesTakesThemAway() {
        Channel vipNews = channel("VIP news", vips);
        Customer bob = customer("Bob", "lead");
        note(bob, "first call");
        note(bob, "second call");
        assertThat(feedBodies(vipNews)).isEmpty();

        Customer vip = retag(bob, "vip");
        assertThat(feedBodies(vipNews)).containsExactly("second call", "first call");

        retag(vip, "lead");
        assertThat(feedBodies(vipNews)).isEmpty();
        assertThat(feedEntries(vipNews)).as("the leaver's entries are removed, not only filtered").isEmpty();
    }

    @Test
    void aDeletedCustomersNotesLeaveTheFeedEntries() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        Customer bob = customer("Bob", "vip");
        note(ana, "Ana's note");
        note(bob, "Bob's note");

        customers.delete(hub, ana.id(), ExpectedVersion.ANY);
        membership.customerChanged(hub, ana, null, membership.rules(hub));

        assertThat(feedEntries(vipNews)).extracting(entry -> Items.string(entry, "customerId")).containsExactly(bob.id());
    }

    @Test
    void aNewChannelHoldsTheHistoryOfItsSegmentsMembers() {
        Customer ana = customer("Ana", "vip");
        note(ana, "before the channel");

        Channel vipNews = channel("VIP news", vips);

        assertThat(feedBodies(vipNews)).containsExactly("before the channel");
    }

    @Test
    void editsShowInTheFeedAndDeletedNotesLeaveIt() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        Note kept = note(ana, "draft");
        Note gone = note(ana, "mistake");

        notes.update(hub, ana.id(), kept.id(), draft -> new NoteDraft(draft.kind(), "final", null, null, false), "Zoé", ExpectedVersion.ANY);
        notes.delete(hub, ana.id(), gone.id(), "Zoé", ExpectedVersion.ANY);

        assertThat(feedBodies(vipNews)).containsExactly("final");
    }

    @Test
    void aSegmentOfAnotherHubIsRefusedAndAChannelOfAnotherHubIsNotFound() throws Exception {
        String theirs = segment(otherHub, "Theirs", "vip");
        assertThatThrownBy(() -> channel("Borrowed", theirs)).isInstanceOf(ValidationException.class).hasMessageContaining("segmentId");

        Channel vipNews = channel("VIP news", vips);
        assertThatThrownBy(() -> channels.get(otherHub, vipNews.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> channels.feed(otherHub, vipNews.id(), new PageRequest(50, null))).isInstanceOf(NotFoundException.class);
        assertThat(channels.list(otherHub, new PageRequest(50, null)).items()).isEmpty();
    }

    @Test
    void aPostIsInItsChannelsFeedAndOnTheTimelineOfTheCustomersItMentions() {
        Channel vipNews = channel("VIP news", vips);
        Channel leadChat = channel("Leads", leads);
        Customer ana = customer("Ana", "vip");
        Customer bob = customer("Bob", "lead");
        note(ana, "a note");
        clock.advance(Duration.ofMinutes(1));

        ChannelPost post = channels.post(hub, vipNews.id(), "Tasting on Friday", "Lou", List.of(bob.id(), bob.id()));

        List<ChannelService.FeedItem> feed = channels.feed(hub, vipNews.id(), new PageRequest(50, null)).items();
        assertThat(feed).hasSize(2);
        assertThat(feed.getFirst().post()).isEqualTo(post);
        assertThat(feed.get(1).note().body()).isEqualTo("a note");
        assertThat(feedBodies(leadChat)).isEmpty();
        assertThat(post.customerIds()).containsExactly(bob.id());
        Timeline timeline = new Timeline(customers, new DynamoCustomerRepository(dynamo.client(), table),
                new DynamoWalletRepository(dynamo.client(), table), new DynamoMessageRepository(dynamo.client(), table),
                new DynamoNoteRepository(dynamo.client(), table), new DynamoChannelRepository(dynamo.client(), table));
        assertThat(timeline.of(hub, bob.id(), new PageRequest(50, null)).items())
                .filteredOn(event -> event.kind() == TimelineEvent.Kind.POST).extracting(TimelineEvent::detail).containsExactly(post);
        assertThat(timeline.of(hub, ana.id(), new PageRequest(50, null)).items()).extracting(TimelineEvent::kind)
                .doesNotContain(TimelineEvent.Kind.POST);
    }

    @Test
    void aPostMentionsOnlyCustomersOfItsHub() {
        Channel vipNews = channel("VIP news", vips);
        String stranger = customers.create(otherHub, new CustomerDraft(CustomerType.PERSON, "eve@example.com", null, "Eve", null, null,
                List.of(), Map.of(), false, null, false)).id();

        assertThatThrownBy(() -> channels.post(hub, vipNews.id(), "Hello", null, List.of(stranger)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("customerIds");
        assertThatThrownBy(() -> channels.post(hub, vipNews.id(), " ", null, List.of()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> channels.post(otherHub, vipNews.id(), "Hello", null, List.of())).isInstanceOf(NotFoundException.class);
        assertThat(feedBodies(vipNews)).isEmpty();
    }

    @Test
    void anEditKeepsTheSegmentAndADeleteRemovesTheChannel() {
        Channel vipNews = channel("VIP news", vips);

        Channel renamed = channels.update(hub, vipNews.id(), draft -> new ChannelDraft("VIP room", draft.segmentId(), "for the best"));
        assertThat(channels.get(hub, vipNews.id())).isEqualTo(renamed);
        assertThat(renamed.name()).isEqualTo("VIP room");
        assertThat(renamed.description()).isEqualTo("for the best");
        assertThatThrownBy(() -> channels.update(hub, vipNews.id(), draft -> new ChannelDraft(draft.name(), leads, null)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("segmentId");

        channels.delete(hub, vipNews.id());
        assertThatThrownBy(() -> channels.get(hub, vipNews.id())).isInstanceOf(NotFoundException.class);
    }

    private Timeline timeline() {
        return new Timeline(customers, new DynamoCustomerRepository(dynamo.client(), table),
                new DynamoWalletRepository(dynamo.client(), table), new DynamoMessageRepository(dynamo.client(), table),
                new DynamoNoteRepository(dynamo.client(), table), new DynamoChannelRepository(dynamo.client(), table));
    }

    private List<Object> postsOnTimeline(Customer customer) {
        return timeline().of(hub, customer.id(), new PageRequest(50, null)).items().stream()
                .filter(event -> event.kind() == TimelineEvent.Kind.POST).map(TimelineEvent::detail).toList();
    }

    private List<String> searchBodies(String query) {
        return notes.search(hub, query, new PageRequest(50, null)).items().stream()
                .map(hit -> (hit.channel() != null ? "post in " + hit.channel().name() + ": " : "") + hit.shown().snippet()).toList();
    }

    @Test
    void aPostIsFoundBySearchWithItsChannel() {
        Channel vipNews = channel("VIP news", vips);
        channels.post(hub, vipNews.id(), "Dégustation de crème vendredi", "Lou", List.of());

        assertThat(searchBodies("creme")).containsExactly("post in VIP news: Dégustation de crème vendredi");
        assertThat(searchBodies("degu vend")).hasSize(1);
    }

    @Test
    void anEditedPostKeepsItsHistoryMovesItsMentionsAndItsSearchWords() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        Customer bob = customer("Bob", "lead");
        ChannelPost post = channels.post(hub, vipNews.id(), "Tasting on Friday", "Lou", List.of(ana.id()));
        clock.advance(Duration.ofMinutes(5));

        ChannelPost edited = channels.updatePost(hub, vipNews.id(), post.id(),
                draft -> new ChannelPost.Draft("Tasting moved to Saturday", draft.author(), List.of(bob.id())), "Zoé", ExpectedVersion.of(1));

        assertThat(edited.version()).isEqualTo(2);
        assertThat(edited.updatedAt()).isEqualTo(clock.instant());
        assertThat(channels.post(hub, vipNews.id(), post.id())).isEqualTo(edited);
        assertThat(feedBodies(vipNews)).containsExactly("Tasting moved to Saturday");
        assertThat(postsOnTimeline(ana)).isEmpty();
        assertThat(postsOnTimeline(bob)).containsExactly(edited);
        assertThat(searchBodies("friday")).isEmpty();
        assertThat(searchBodies("satur")).containsExactly("post in VIP news: Tasting moved to Saturday");
        List<PostRevision> history = channels.postHistory(hub, vipNews.id(), post.id(), new PageRequest(50, null)).items();
        assertThat(history).singleElement().satisfies(revision -> {
            assertThat(revision.action()).isEqualTo(NoteRevision.Action.EDITED);
            assertThat(revision.by()).isEqualTo("Zoé");
            assertThat(revision.at()).isEqualTo(clock.instant());
            assertThat(revision.previous()).isEqualTo(post);
        });
    }

    @Test
    void anEditOrADeleteOfAnOlderVersionIsRefusedAndChangesNothing() {
        Channel vipNews = channel("VIP news", vips);
        ChannelPost post = channels.post(hub, vipNews.id(), "Tasting on Friday", null, List.of());
        channels.updatePost(hub, vipNews.id(), post.id(), draft -> new ChannelPost.Draft("Tasting on Saturday", null, List.of()), null,
                ExpectedVersion.of(1));

        assertThatThrownBy(() -> channels.updatePost(hub, vipNews.id(), post.id(),
                draft -> new ChannelPost.Draft("Cancelled", null, List.of()), null, ExpectedVersion.of(1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> channels.deletePost(hub, vipNews.id(), post.id(), null, ExpectedVersion.of(1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(feedBodies(vipNews)).containsExactly("Tasting on Saturday");
    }

    @Test
    void aDeletedPostLeavesTheFeedTheTimelinesAndSearchButKeepsItsHistory() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        ChannelPost post = channels.post(hub, vipNews.id(), "Tasting on Friday", "Lou", List.of(ana.id()));

        channels.deletePost(hub, vipNews.id(), post.id(), "Zoé", ExpectedVersion.ANY);

        assertThat(feedEntries(vipNews)).isEmpty();
        assertThat(feedBodies(vipNews)).isEmpty();
        assertThat(postsOnTimeline(ana)).isEmpty();
        assertThat(searchBodies("tasting")).isEmpty();
        assertThat(dynamo.client().query(r -> r.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s("HUB#" + hub), ":prefix", Items.s("NTOK#")))).items())
                .as("no search key of the post is left").isEmpty();
        assertThatThrownBy(() -> channels.post(hub, vipNews.id(), post.id())).isInstanceOf(NotFoundException.class);
        assertThat(channels.postHistory(hub, vipNews.id(), post.id(), new PageRequest(50, null)).items())
                .singleElement().satisfies(revision -> {
                    assertThat(revision.action()).isEqualTo(NoteRevision.Action.DELETED);
                    assertThat(revision.by()).isEqualTo("Zoé");
                    assertThat(revision.previous()).isEqualTo(post);
                });
        assertThatThrownBy(() -> channels.postHistory(otherHub, vipNews.id(), post.id(), new PageRequest(50, null)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aNewChannelOverABigSegmentIsFilledInStepsOfAHundredMembersWithItsProgressShownAndKeptByARename() {
        List<Customer> members = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * ChannelService.BACKFILL_MEMBERS + 1; i++) {
            members.add(customer("Member" + i, "vip"));
        }
        note(members.getFirst(), "first member's note");
        note(members.getLast(), "last member's note");

        Channel created = channels.create(hub, new ChannelDraft("VIP news", vips, null));

        assertThat(created.backfill()).isEqualTo(new Channel.Backfill(Channel.Status.BUILDING, 0));
        assertThat(feedEntries(created)).as("nothing is copied in the request").isEmpty();
        assertThat(channels.backfillStep(hub, created, null, 0)).isTrue();
        assertThat(channels.get(hub, created.id()).backfill()).isEqualTo(new Channel.Backfill(Channel.Status.BUILDING, 100));
        assertThat(channels.backfillStep(hub, created, null, 0)).as("a repeated first step records nothing").isFalse();
        channels.update(hub, created.id(), draft -> new ChannelDraft("VIP room", draft.segmentId(), null));
        assertThat(backfill(created)).as("a rename keeps the progress").isEqualTo(2);
        assertThat(channels.get(hub, created.id()).backfill()).isEqualTo(new Channel.Backfill(Channel.Status.READY, 201));
        assertThat(feedBodies(created)).containsExactlyInAnyOrder("first member's note", "last member's note");
    }

    @Test
    void aFeedPageReadsItsChannelAndItsEntriesOnly() {
        Channel vipNews = channel("VIP news", vips);
        for (String name : List.of("Ana", "Bob", "Cleo", "Dan")) {
            note(customer(name, "vip"), name + "'s note");
        }
        ItemsReadCounter counter = new ItemsReadCounter(dynamo.client());
        ChannelService counted = new ChannelService(new DynamoChannelRepository(counter.client(), table),
                new DynamoNoteRepository(counter.client(), table), new DynamoNoteSearchIndex(counter.client(), table), segments,
                new CustomerService(new DynamoCustomerRepository(counter.client(), table), hubs, clock), clock);

        Page<ChannelService.FeedItem> page = counted.feed(hub, vipNews.id(), new PageRequest(4, null));

        assertThat(page.items()).extracting(ChannelService.FeedItem::customerName).containsExactly("Dan", "Cleo", "Bob", "Ana");
        assertThat(counter.takeItemsRead()).as("the channel and its 4 entries, each with its customer's name (ADR 30)").isEqualTo(1 + 4);
    }

    @Test
    void aJoinCopiesTheJoinersNotesInBoundedStepsNotInTheEvaluatorsInvocation() {
        List<Channel> vipChannels = new java.util.ArrayList<>();
        for (int i = 0; i < ChannelService.MAX_CHANNELS; i++) {
            vipChannels.add(channel("VIP " + i, vips));
        }
        Customer bob = customer("Bob", "lead");
        int notesOfBob = 25;
        for (int i = 0; i < notesOfBob; i++) {
            note(bob, "call " + i);
        }

        retagOnly(bob, "vip");

        assertThat(entriesIn(vipChannels)).as("the evaluator's invocation copies at most one step").isLessThanOrEqualTo(ChannelService.JOIN_STEP_WRITES);
        int steps = runJoinSteps();
        assertThat(steps).as("20 notes x 50 channels, then 5 x 50").isEqualTo(2);
        assertThat(entriesIn(vipChannels)).isEqualTo(notesOfBob * ChannelService.MAX_CHANNELS);
        assertThat(feedBodies(vipChannels.getLast())).hasSize(notesOfBob).first().isEqualTo("call 24");
    }

    @Test
    void aDeletedCustomersMentionsAreErasedWithTheirNotesAndThePostKeepsNamingThem() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        Customer bob = customer("Bob", "vip");
        ChannelPost post = channels.post(hub, vipNews.id(), "Ana and Bob asked for the same crate", "Zoé", List.of(ana.id(), bob.id()));
        customers.delete(hub, ana.id(), ExpectedVersion.ANY);
        membership.customerChanged(hub, ana, null, membership.rules(hub));

        notes.customerDeleted(hub, ana.id());
        for (List<String> purge = sortKeys("NOTEPURGE#" + ana.id()); !purge.isEmpty(); purge = sortKeys("NOTEPURGE#" + ana.id())) {
            Map<String, AttributeValue> step = dynamo.client().getItem(r -> r.tableName(table)
                    .key(Items.key("HUB#" + hub, "NOTEPURGE#" + ana.id()))).item();
            notes.purgeStep(hub, ana.id(), (int) Items.number(step, "step"));
        }

        assertThat(sortKeys("CHMENTION#" + ana.id() + "#")).isEmpty();
        assertThat(sortKeys("CHMENTION#" + bob.id() + "#")).hasSize(1);
        assertThat(channels.post(hub, vipNews.id(), post.id()).customerIds()).containsExactly(ana.id(), bob.id());
    }

    @Test
    void aChannelWhoseSegmentIsDeletedShowsItsPostsAndNoMoreNotes() {
        Channel vipNews = channel("VIP news", vips);
        note(customer("Ana", "vip"), "Ana's note");
        channels.post(hub, vipNews.id(), "Crates are back", null, List.of());

        segments.delete(hub, vips);
        membership.segmentDeleted(hub, vips);

        assertThat(feedBodies(vipNews)).containsExactly("Crates are back");
    }

    private List<String> sortKeys(String prefix) {
        return dynamo.sortKeys(table, hub).stream().filter(key -> key.startsWith(prefix)).toList();
    }

    private long entriesIn(List<Channel> channelList) {
        return channelList.stream().mapToLong(channel -> feedEntries(channel).size()).sum();
    }

    /** Runs the join steps waiting in the table as the stream would, each from the item its previous step wrote; how many ran. */
    private int runJoinSteps() {
        return runSteps("CHJOIN#", item -> channels.joinStep(hub, Items.string(item, "segmentId"), Items.string(item, "customerId"),
                Items.string(item, "run"), Items.string(item, "cursor")));
    }

    /** Runs the rename steps waiting in the table as the stream would; how many ran. */
    private int runRenameSteps() {
        return runSteps("CHRENAME#", item -> channels.renameStep(hub, Items.string(item, "customerId"), Items.string(item, "run"),
                Items.string(item, "cursor")));
    }

    private int runSteps(String prefix, Consumer<Map<String, AttributeValue>> step) {
        int steps = 0;
        for (List<String> pending = sortKeys(prefix); !pending.isEmpty(); pending = sortKeys(prefix)) {
            for (String key : pending) {
                step.accept(dynamo.client().getItem(r -> r.tableName(table).key(Items.key("HUB#" + hub, key))).item());
                steps++;
            }
        }
        return steps;
    }

    /** The customer's first name changed, and the change handed to the channels as the stream handler would; the steps it started are not run. */
    private Customer renameOnly(Customer before, String firstName) {
        Customer after = customers.update(hub, before.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), firstName,
                c.lastName(), c.companyName(), c.tags(), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        channels.customerChanged(hub, before, after);
        return after;
    }

    private List<String> feedNames(Channel channel) {
        return channels.feed(hub, channel.id(), new PageRequest(50, null)).items().stream().map(ChannelService.FeedItem::customerName).toList();
    }

    @Test
    void aRenameShowsInTheFeedOnceItsStepsRan() {
        Channel vipNews = channel("VIP news", vips);
        Channel leadNews = channel("Lead news", leads);
        Customer ana = customer("Ana", "vip", "lead");
        note(ana, "first");
        note(ana, "second");
        note(customer("Bob", "vip"), "Bob's");

        renameOnly(ana, "Anna");

        assertThat(feedNames(vipNews)).as("the page reads the names copied").containsExactly("Bob", "Ana", "Ana");
        assertThat(runRenameSteps()).isEqualTo(1);
        assertThat(feedNames(vipNews)).containsExactly("Bob", "Anna", "Anna");
        assertThat(feedNames(leadNews)).containsExactly("Anna", "Anna");
        assertThat(sortKeys("CHRENAME#")).as("the last step ends the rewrite").isEmpty();
    }

    @Test
    void aRenameWhileANoteIsCopiedEndsWithTheNewName() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "vip");
        AtomicBoolean renamed = new AtomicBoolean();
        ChannelService copier = renamedWhileCopying(ana, "Anna", renamed);
        new NoteService(new DynamoNoteRepository(dynamo.client(), table), new DynamoNoteSearchIndex(dynamo.client(), table), customers, hubs,
                copier, clock).create(hub, ana.id(), new NoteDraft(NoteKind.NOTE, "Ana's note", null, null, false));

        assertThat(renamed).isTrue();
        assertThat(feedNames(vipNews)).containsExactly("Anna");
    }

    @Test
    void aRenameWhileAJoinStepCopiesEndsWithTheNewName() {
        Channel vipNews = channel("VIP news", vips);
        Customer ana = customer("Ana", "lead");
        note(ana, "Ana's note");
        Customer joined = retagOnly(ana, "vip");
        AtomicBoolean renamed = new AtomicBoolean();
        ChannelService copier = renamedWhileCopying(joined, "Anna", renamed);
        Map<String, AttributeValue> step = dynamo.client().getItem(r -> r.tableName(table)
                .key(Items.key("HUB#" + hub, "CHJOIN#" + vips + "#" + ana.id()))).item();

        copier.joinStep(hub, vips, ana.id(), Items.string(step, "run"), null);

        assertThat(renamed).isTrue();
        assertThat(feedNames(vipNews)).containsExactly("Anna");
    }

    /**
     * Channels whose first write of feed entries is preceded by the customer's rename and its steps:
     * between the copier's read of the name and its write of the entries.
     */
    private ChannelService renamedWhileCopying(Customer customer, String firstName, AtomicBoolean renamed) {
        DynamoDbClient racing = beforeFirstBatchWrite(dynamo.client(), () -> {
            renamed.set(true);
            renameOnly(customer, firstName);
            runRenameSteps();
        });
        return new ChannelService(new DynamoChannelRepository(racing, table), new DynamoNoteRepository(dynamo.client(), table),
                new DynamoNoteSearchIndex(dynamo.client(), table), segments, customers, clock);
    }

    /** The real client, running {@code meanwhile} once just before the first BatchWriteItem it sends (a copier's write of its entries). */
    private static DynamoDbClient beforeFirstBatchWrite(DynamoDbClient real, Runnable meanwhile) {
        AtomicBoolean ran = new AtomicBoolean();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("batchWriteItem") && ran.compareAndSet(false, true)) {
                        meanwhile.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
