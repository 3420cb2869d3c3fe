package dev.hubcrm.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.store.Items;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Segments and their membership on DynamoDB Local: the service, the backfill steps and the
 * evaluation of a change, driven here as the stream handler drives them (before and after images).
 */
class SegmentMembershipTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private static final String table = dynamo.freshTable();
    private final MutableClock clock = MutableClock.at("2026-03-01T09:00:00Z");
    private HubService hubs;
    private CustomerService customers;
    private DynamoSegmentRepository repository;
    private SegmentService segments;
    private SegmentMembership membership;
    private String hub;

    @BeforeEach
    void newHub() {
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        repository = new DynamoSegmentRepository(dynamo.client(), table);
        segments = new SegmentService(repository, customers, hubs,
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock), clock);
        membership = new SegmentMembership(repository, customers, SegmentJoins.NONE, clock);
        hub = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
    }

    private Customer customer(String name, boolean consent, String... tags) {
        return customers.create(hub, new CustomerDraft(CustomerType.PERSON, name.toLowerCase() + "@example.com", null, name, null, null,
                List.of(tags), Map.of(), consent, null, false));
    }

    /** Changes the tags and evaluates the change as the stream handler would. */
    private SegmentMembership.Outcome retag(Customer before, String... tags) {
        Customer after = customers.update(hub, before.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(),
                c.lastName(), c.companyName(), List.of(tags), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        return membership.customerChanged(hub, before, after, membership.rules(hub));
    }

    private Segment segment(String name, String rule) {
        Segment segment = segments.create(hub, new SegmentService.SegmentInput(name, SegmentRuleTest.json(rule)));
        backfill(segment.id());
        return segment;
    }

    /** Runs backfill steps until the segment is ready, as the chain of stream records does. */
    private int backfill(String segmentId) {
        int steps = 0;
        while (true) {
            Map<String, AttributeValue> item = dynamo.client().getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Items.key("HUB#" + hub, "SEG#" + segmentId))).item();
            Segment segment = DynamoSegmentRepository.fromItem(item);
            if (segment.status() == Segment.Status.READY) {
                return steps;
            }
            assertThat(membership.backfillStep(new SegmentMembership.BackfillState(hub, segmentId, segment.generation(),
                    segment.ruleJson(), DynamoSegmentRepository.backfillCursor(item), segment.processed()))).isTrue();
            steps++;
        }
    }

    private Set<String> members(String segmentId) {
        return segments.members(hub, segmentId, CustomerFilter.NONE, new PageRequest(200, null)).items().stream()
                .map(Customer::id).collect(Collectors.toSet());
    }

    @Test
    void backfillBuildsTheMembershipOfANewSegmentAndMarksItReady() {
        Customer ann = customer("Ann", true, "vip");
        Customer bob = customer("Bob", false, "retail");
        Customer cid = customer("Cid", true, "vip", "retail");
        Segment vip = segments.create(hub, new SegmentService.SegmentInput("VIPs",
                SegmentRuleTest.json("{'field':'tags','op':'contains','value':'vip'}")));
        assertThat(vip.status()).isEqualTo(Segment.Status.BUILDING);
        assertThat(backfill(vip.id())).isEqualTo(1);
        assertThat(members(vip.id())).containsExactlyInAnyOrder(ann.id(), cid.id());
        Segment ready = segments.get(hub, vip.id());
        assertThat(ready.status()).isEqualTo(Segment.Status.READY);
        assertThat(ready.processed()).isEqualTo(3);
        assertThat(members(vip.id())).doesNotContain(bob.id());
    }

    @Test
    void backfillWalksPagesAndARepeatedStepRecordsNothing() {
        for (int i = 0; i < SegmentMembership.BACKFILL_PAGE + 7; i++) {
            customers.create(hub, new CustomerDraft(CustomerType.PERSON, null, "+3361234" + String.format("%04d", i), "C" + i, null, null,
                    List.of(i % 2 == 0 ? "even" : "odd"), Map.of(), false, null, false));
        }
        Segment even = segments.create(hub, new SegmentService.SegmentInput("Even",
                SegmentRuleTest.json("{'field':'tags','op':'contains','value':'even'}")));
        SegmentMembership.BackfillState first = new SegmentMembership.BackfillState(hub, even.id(), 1, even.ruleJson(), null, 0);
        assertThat(membership.backfillStep(first)).isTrue();
        assertThat(membership.backfillStep(first)).as("the same step again, as a retried stream record").isFalse();
        assertThat(backfill(even.id())).isEqualTo(1);
        assertThat(segments.get(hub, even.id()).processed()).isEqualTo(SegmentMembership.BACKFILL_PAGE + 7);
        assertThat(segments.emails(hub, even.id(), true)).isEmpty();
        assertThat(repository.memberIds(hub, even.id(), null, null)).hasSize((SegmentMembership.BACKFILL_PAGE + 8) / 2);
    }

    @Test
    void aChangedTagMovesTheCustomerInEveryAffectedSegmentAndNoOther() {
        Customer ann = customer("Ann", true, "vip");
        Segment vip = segment("VIPs", "{'field':'tags','op':'contains','value':'vip'}");
        Segment retail = segment("Retail", "{'field':'tags','op':'prefix','value':'retail'}");
        Segment notVip = segment("Not VIP", "{'not':{'field':'tags','op':'contains','value':'vip'}}");
        Segment named = segment("Named Ann", "{'field':'email','op':'prefix','value':'ann@'}");
        assertThat(members(vip.id())).containsExactly(ann.id());
        assertThat(members(notVip.id())).isEmpty();

        SegmentMembership.Outcome outcome = retag(ann, "retail/shops");
        assertThat(outcome.joined()).containsExactlyInAnyOrder(retail.id(), notVip.id());
        assertThat(outcome.left()).containsExactly(vip.id());
        assertThat(members(vip.id())).isEmpty();
        assertThat(members(retail.id())).containsExactly(ann.id());
        assertThat(members(notVip.id())).containsExactly(ann.id());
        assertThat(members(named.id())).containsExactly(ann.id());
        assertThat(customers.list(hub, CustomerFilter.NONE.inSegment(retail.id()), new PageRequest(10, null)).items())
                .extracting(Customer::id).containsExactly(ann.id());
    }

    @Test
    void anOlderEvaluationNeverOverwritesANewerOne() {
        Customer v1 = customer("Ann", true, "vip");
        Segment vip = segment("VIPs", "{'field':'tags','op':'contains','value':'vip'}");
        Customer v2 = customers.update(hub, v1.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(),
                c.lastName(), c.companyName(), List.of(), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        membership.customerChanged(hub, v1, v2, membership.rules(hub));
        assertThat(members(vip.id())).isEmpty();
        membership.customerChanged(hub, null, v1, membership.rules(hub));
        assertThat(members(vip.id())).as("the insert record of version 1 replayed after version 2").isEmpty();
    }

    @Test
    void anEditedRuleRebuildsAndADeletedCustomerLeavesEverySegment() {
        Customer ann = customer("Ann", true, "vip");
        Customer bob = customer("Bob", true, "retail");
        Segment segment = segment("Group", "{'field':'tags','op':'contains','value':'vip'}");
        Segment edited = segments.update(hub, segment.id(), new SegmentService.SegmentInput(null,
                SegmentRuleTest.json("{'field':'tags','op':'contains','value':'retail'}")));
        assertThat(edited.status()).isEqualTo(Segment.Status.BUILDING);
        assertThat(edited.generation()).isEqualTo(2);
        backfill(segment.id());
        assertThat(members(segment.id())).containsExactly(bob.id());
        Segment renamed = segments.update(hub, segment.id(), new SegmentService.SegmentInput("Renamed", null));
        assertThat(renamed.status()).as("a new name keeps the membership").isEqualTo(Segment.Status.READY);

        customers.delete(hub, bob.id(), ExpectedVersion.ANY);
        membership.customerChanged(hub, bob, null, membership.rules(hub));
        assertThat(members(segment.id())).isEmpty();
        assertThat(ann.id()).isNotNull();
    }

    @Test
    void aDeletedSegmentLosesItsMembershipsAndIsGone() {
        customer("Ann", true, "vip");
        Segment vip = segment("VIPs", "{'field':'tags','op':'contains','value':'vip'}");
        segments.delete(hub, vip.id());
        membership.segmentDeleted(hub, vip.id());
        assertThat(repository.memberIds(hub, vip.id(), null, null)).isEmpty();
        assertThatThrownBy(() -> segments.get(hub, vip.id())).isInstanceOf(NotFoundException.class);
        assertThat(membership.rules(hub)).isEmpty();
    }

    @Test
    void theRefreshMovesOnlyCustomersWhoseTimeConditionsCrossedABoundary() {
        Customer ann = customer("Ann", true);
        customers.recordOrder(hub, ann.id(), "o-1", 2500L, clock.instant().minus(Duration.ofDays(1)));
        Customer ordered = customers.get(hub, ann.id());
        Customer bob = customer("Bob", true);
        Segment recent = segment("Ordered this week", "{'field':'lastOrderAt','op':'withinDays','value':7}");
        Segment lapsed = segment("Lapsed", "{'field':'lastOrderAt','op':'olderThanDays','value':7}");
        assertThat(members(recent.id())).containsExactly(ann.id());
        assertThat(members(lapsed.id())).isEmpty();

        clock.advance(Duration.ofDays(3));
        assertThat(membership.refresh()).isEqualTo(new SegmentMembership.RefreshOutcome(0, 0));
        clock.advance(Duration.ofDays(4));
        assertThat(membership.refresh().customers()).as("Ann is due; Bob never ordered and is not indexed").isEqualTo(1);
        assertThat(members(recent.id())).isEmpty();
        assertThat(members(lapsed.id())).containsExactly(ann.id());
        assertThat(membership.refresh()).as("nothing more to move for Ann").isEqualTo(new SegmentMembership.RefreshOutcome(0, 0));
        assertThat(ordered.orderCount()).isEqualTo(1);
        assertThat(bob.id()).isNotNull();
    }

    @Test
    void theRefreshFindsTheDueCustomersOfEveryShard() {
        List<Customer> buyers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Customer buyer = customer("Buyer" + i, true);
            customers.recordOrder(hub, buyer.id(), "o-" + i, 1000L, clock.instant().minus(Duration.ofDays(1)));
            buyers.add(buyer);
        }
        Set<String> ids = buyers.stream().map(Customer::id).collect(Collectors.toSet());
        assertThat(ids.stream().map(id -> dev.hubcrm.store.TableDesign.refreshShard(hub, id)).distinct().count())
                .as("the customers' refresh entries are spread over many shards").isGreaterThan(10);
        Segment recent = segment("Ordered this week", "{'field':'lastOrderAt','op':'withinDays','value':7}");
        Segment lapsed = segment("Lapsed", "{'field':'lastOrderAt','op':'olderThanDays','value':7}");
        assertThat(members(recent.id())).isEqualTo(ids);

        clock.advance(Duration.ofDays(7));
        assertThat(membership.refresh().customers()).isGreaterThanOrEqualTo(40);
        assertThat(members(recent.id())).isEmpty();
        assertThat(members(lapsed.id())).isEqualTo(ids);
    }

    @Test
    void previewCountsWithoutSavingAndEmailsHonourConsent() {
        Customer ann = customer("Ann", true, "vip");
        customer("Bob", false, "vip");
        customer("Cid", true, "retail");
        SegmentService.Preview preview = segments.preview(hub, SegmentRuleTest.json("{'field':'tags','op':'contains','value':'vip'}"));
        assertThat(preview.count()).isEqualTo(2);
        assertThat(preview.sample()).hasSize(2);
        assertThat(segments.list(hub, new PageRequest(10, null)).items()).isEmpty();
        Segment vip = segment("VIPs", "{'field':'tags','op':'contains','value':'vip'}");
        assertThat(segments.emails(hub, vip.id(), false)).containsExactly(ann.email());
        assertThat(segments.emails(hub, vip.id(), true)).containsExactlyInAnyOrder("ann@example.com", "bob@example.com");
        assertThat(segments.memberIds(hub, vip.id(), 2, "segmentId")).hasSize(2);
        assertThatThrownBy(() -> segments.memberIds(hub, vip.id(), 1, "segmentId")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("more than 1 members");
    }

    @Test
    void refusesRulesOnCustomFieldsTheHubDoesNotDefineAndTooManySegments() {
        assertThatThrownBy(() -> segments.create(hub, new SegmentService.SegmentInput("x",
                SegmentRuleTest.json("{'field':'fields.region','op':'eq','value':'Lyon'}"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("rule.field");
        for (int i = 0; i < SegmentService.MAX_SEGMENTS; i++) {
            segments.create(hub, new SegmentService.SegmentInput("S" + i, SegmentRuleTest.json("{'field':'tags','op':'exists'}")));
        }
        assertThatThrownBy(() -> segments.create(hub, new SegmentService.SegmentInput("one more",
                SegmentRuleTest.json("{'field':'tags','op':'exists'}")))).hasMessageContaining("50 segments");
        assertThat(membership.rules(hub)).hasSize(SegmentService.MAX_SEGMENTS);
    }
}
