package dev.hubcrm.customers;

import static dev.hubcrm.customers.CustomerFixture.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerService.OrderResult;
import dev.hubcrm.hubs.StatusRules;
import dev.hubcrm.hubs.StatusRules.VipRule;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.Concurrently.Outcome;
import dev.hubcrm.support.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Orders reported by the shop, through CustomerService on DynamoDB Local: facts, idempotency, status rules. */
class OrdersTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();

    private CustomerFixture f;
    private String hub;

    @BeforeEach
    void freshHub() {
        f = new CustomerFixture(dynamo);
        hub = f.newHub();
    }

    private Instant daysAgo(long days) {
        return f.clock.instant().minus(Duration.ofDays(days));
    }

    private Customer lead(String hubId, String name) {
        return f.create(hubId, Drafts.person().firstName(name).email(name.toLowerCase() + "@example.com").tags("retail"));
    }

    private Customer lead(String name) {
        return lead(hub, name);
    }

    private OrderResult order(String hubId, String customerId, String ref, long total, Instant placedAt) {
        return f.customers.recordOrder(hubId, customerId, ref, total, placedAt);
    }

    private OrderResult order(String customerId, String ref, long total, Instant placedAt) {
        return order(hub, customerId, ref, total, placedAt);
    }

    private Customer get(String customerId) {
        return f.customers.get(hub, customerId);
    }

    private List<String> withStatus(String hubId, String status) {
        return f.customers.list(hubId, CustomerFilter.of(List.of(), status, null, null), new PageRequest(200, null))
                .items().stream().map(Customer::id).toList();
    }

    private static CustomerDraft status(Customer c, CustomerStatus status, boolean pinned) {
        return new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(), c.lastName(), c.companyName(), c.tags(),
                c.fields(), c.marketingConsent(), status, pinned);
    }

    private static void assertLogged(Map<String, AttributeValue> item, String from, String to, String cause) {
        assertThat(attr(item, "from")).as("from").isEqualTo(from);
        assertThat(attr(item, "to")).as("to").isEqualTo(to);
        assertThat(attr(item, "cause")).as("cause").isEqualTo(cause);
    }

    private static List<String> errorFields(Runnable action) {
        ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
        assertThat(e).as("a ValidationException").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    // ---- order facts ----

    @Test
    void ordersSetCountTotalAndFirstAndLastOrderEvenOutOfOrder() {
        Customer ann = lead("Ann");
        f.clock.advance(Duration.ofMinutes(1));
        Instant threeDaysAgo = daysAgo(3);

        OrderResult first = order(ann.id(), "A-1", 2500, threeDaysAgo);
        assertThat(first.firstTime()).isTrue();
        assertThat(first.order()).isEqualTo(new Order(ann.id(), "A-1", 2500, threeDaysAgo, f.clock.instant()));
        Customer afterOne = first.customer();
        assertThat(afterOne.orderCount()).isEqualTo(1);
        assertThat(afterOne.totalSpent()).isEqualTo(2500);
        assertThat(afterOne.firstOrderAt()).isEqualTo(threeDaysAgo);
        assertThat(afterOne.lastOrderAt()).isEqualTo(threeDaysAgo);
        assertThat(afterOne.version()).isEqualTo(2);
        assertThat(afterOne.updatedAt()).isEqualTo(f.clock.instant());
        assertThat(get(ann.id())).isEqualTo(afterOne);

        Instant tenDaysAgo = daysAgo(10);
        Instant yesterday = daysAgo(1);
        order(ann.id(), "A-0", 1000, tenDaysAgo);
        order(ann.id(), "A-2", 4000, yesterday);
        order(ann.id(), "A-free", 0, daysAgo(5));

        Customer after = get(ann.id());
        assertThat(after.orderCount()).isEqualTo(4);
        assertThat(after.totalSpent()).isEqualTo(7500);
        assertThat(after.firstOrderAt()).as("the earliest placedAt, reported second").isEqualTo(tenDaysAgo);
        assertThat(after.lastOrderAt()).as("the latest placedAt, not the last reported").isEqualTo(yesterday);
        assertThat(after.version()).isEqualTo(5);
        assertThat(after).usingRecursiveComparison()
                .ignoringFields("status", "orderCount", "totalSpent", "firstOrderAt", "lastOrderAt", "updatedAt", "version")
                .isEqualTo(ann);
        assertThat(f.items(hub, "ORDER#" + ann.id() + "#")).hasSize(4);
        assertThat(f.items(hub, "ORDREF#" + ann.id() + "#")).hasSize(4);
    }

    @Test
    void theSameOrderReportedAgainCountsOnceAndSaysSo() {
        Customer ann = lead("Ann");
        Instant placedAt = daysAgo(1);
        OrderResult first = order(ann.id(), "shop-42", 2500, placedAt);
        f.clock.advance(Duration.ofMinutes(5));

        for (int retry = 0; retry < 3; retry++) {
            OrderResult again = order(ann.id(), "shop-42", 2500, placedAt);
            assertThat(again.firstTime()).isFalse();
            assertThat(again.order()).as("the order as first recorded").isEqualTo(first.order());
            assertThat(again.customer()).isEqualTo(first.customer());
        }
        Customer after = get(ann.id());
        assertThat(after).isEqualTo(first.customer());
        assertThat(after.orderCount()).isEqualTo(1);
        assertThat(after.totalSpent()).isEqualTo(2500);
        assertThat(f.items(hub, "ORDER#")).hasSize(1);
        assertThat(f.items(hub, "ORDREF#")).hasSize(1);
        assertThat(f.statusLog(hub, ann.id())).hasSize(1);
    }

    @Test
    void twentyConcurrentReportsOfOneOrderCountItOnce() throws Exception {
        Customer ann = lead("Ann");
        Instant placedAt = daysAgo(1);
        List<Outcome<OrderResult>> outcomes = Concurrently.run(20, () -> order(ann.id(), "shop-7", 2500, placedAt));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("every report answers").isNull());
        assertThat(outcomes).filteredOn(o -> o.value().firstTime()).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.value().firstTime()).hasSize(19);
        Customer after = get(ann.id());
        assertThat(after.orderCount()).isEqualTo(1);
        assertThat(after.totalSpent()).isEqualTo(2500);
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(f.items(hub, "ORDER#")).hasSize(1);
        assertThat(f.items(hub, "ORDREF#")).hasSize(1);
        assertThat(f.statusLog(hub, ann.id())).hasSize(1);
    }

    @Test
    void theSameOrderRefWithAnotherTotalOrDateIsAConflict() {
        Customer ann = lead("Ann");
        Instant placedAt = daysAgo(1);
        Customer counted = order(ann.id(), "R-1", 2500, placedAt).customer();

        for (Runnable different : List.<Runnable>of(
                () -> order(ann.id(), "R-1", 2600, placedAt),
                () -> order(ann.id(), "R-1", 2500, placedAt.plusSeconds(1)))) {
            ConflictException e = catchThrowableOfType(ConflictException.class, different::run);
            assertThat(e).as("a ConflictException").isNotNull();
            assertThat(e.error()).isNotNull().extracting(FieldError::field).isEqualTo("orderRef");
            assertThat(e.getMessage()).contains("R-1");
        }
        assertThat(get(ann.id())).isEqualTo(counted);
        assertThat(f.items(hub, "ORDER#")).hasSize(1);
    }

    @Test
    void thirtyConcurrentDifferentOrdersAreAllCountedExactly() throws Exception {
        Customer ann = lead("Ann");
        List<Callable<OrderResult>> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String ref = "order-" + i;
            long total = 100L * (i + 1) + i;
            Instant placedAt = daysAgo(i % 7).minus(Duration.ofMinutes(i));
            tasks.add(() -> order(ann.id(), ref, total, placedAt));
        }
        List<Outcome<OrderResult>> outcomes = Concurrently.run(tasks);

        List<Order> recorded = outcomes.stream().filter(Outcome::succeeded).map(o -> o.value().order()).toList();
        assertThat(outcomes).filteredOn(Outcome::succeeded).allSatisfy(o -> assertThat(o.value().firstTime()).isTrue());
        Customer after = get(ann.id());
        assertThat(after.orderCount()).as("exact: every recorded order counted once").isEqualTo(recorded.size());
        assertThat(after.totalSpent()).isEqualTo(recorded.stream().mapToLong(Order::total).sum());
        assertThat(after.firstOrderAt()).isEqualTo(recorded.stream().map(Order::placedAt).min(Comparator.naturalOrder()).orElseThrow());
        assertThat(after.lastOrderAt()).isEqualTo(recorded.stream().map(Order::placedAt).max(Comparator.naturalOrder()).orElseThrow());
        assertThat(after.version()).isEqualTo(1 + recorded.size());
        assertThat(f.items(hub, "ORDER#")).hasSize(recorded.size());
        assertThat(f.items(hub, "ORDREF#")).hasSize(recorded.size());
        assertThat(f.statusLog(hub, ann.id())).as("lead → customer once").hasSize(1);

        assertThat(outcomes).as("no order of the thirty is refused (a 503 the shop would have to retry)")
                .allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(after.orderCount()).isEqualTo(30);
        assertThat(after.totalSpent()).isEqualTo(IntStream.range(0, 30).mapToLong(i -> 100L * (i + 1) + i).sum());
    }

    // ---- status rules ----

    @Test
    void theFirstOrderMakesALeadACustomerAndLogsTheRule() {
        Customer ann = lead("Ann");
        assertThat(f.statusLog(hub, ann.id())).as("no status change yet").isEmpty();
        f.clock.advance(Duration.ofMinutes(1));

        Customer counted = order(ann.id(), "A-1", 1200, daysAgo(0)).customer();
        assertThat(counted.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(counted.statusPinned()).isFalse();
        assertThat(get(ann.id())).isEqualTo(counted);
        assertThat(f.statusLog(hub, ann.id())).singleElement().satisfies(item -> {
            assertLogged(item, "lead", "customer", "rule:leadToCustomer");
            assertThat(attr(item, "customerId")).isEqualTo(ann.id());
            assertThat(attr(item, "at")).isEqualTo(f.clock.instant().toString());
        });
        assertThat(withStatus(hub, "customer")).containsExactly(ann.id());
        assertThat(withStatus(hub, "lead")).isEmpty();

        order(ann.id(), "A-2", 1200, daysAgo(0));
        assertThat(f.statusLog(hub, ann.id())).as("a second order changes no status").hasSize(1);
    }

    @Test
    void withLeadToCustomerOffAnOrderLeavesALead() {
        String noAuto = f.newHub(new StatusRules(false, VipRule.OFF), List.of());
        Customer ann = lead(noAuto, "Ann");
        Customer counted = order(noAuto, ann.id(), "A-1", 1200, daysAgo(0)).customer();
        assertThat(counted.status()).isEqualTo(CustomerStatus.LEAD);
        assertThat(counted.orderCount()).isEqualTo(1);
        assertThat(f.statusLog(noAuto, ann.id())).isEmpty();
        assertThat(withStatus(noAuto, "lead")).containsExactly(ann.id());
    }

    @Test
    void vipCountsOnlyWhatWasSpentWithinTheWindow() {
        String vipHub = f.newHub(new StatusRules(true, new VipRule(true, 10_000L, null, 30)), List.of());
        Customer ann = lead(vipHub, "Ann");

        assertThat(order(vipHub, ann.id(), "old", 6_000, daysAgo(40)).customer().status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(order(vipHub, ann.id(), "o2", 3_000, daysAgo(10)).customer().status()).isEqualTo(CustomerStatus.CUSTOMER);
        Customer allTimeAbove = order(vipHub, ann.id(), "o3", 5_000, daysAgo(5)).customer();
        assertThat(allTimeAbove.totalSpent()).isEqualTo(14_000);
        assertThat(allTimeAbove.status()).as("14000 all time, 8000 within 30 days").isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(order(vipHub, ann.id(), "o4", 1_999, daysAgo(1)).customer().status()).as("9999 within 30 days")
                .isEqualTo(CustomerStatus.CUSTOMER);

        f.clock.advance(Duration.ofMinutes(1));
        Customer vip = order(vipHub, ann.id(), "o5", 1, daysAgo(0)).customer();
        assertThat(vip.status()).as("10000 within 30 days").isEqualTo(CustomerStatus.VIP);
        assertThat(vip.statusPinned()).isFalse();
        assertThat(f.customers.get(vipHub, ann.id())).isEqualTo(vip);
        List<Map<String, AttributeValue>> log = f.statusLog(vipHub, ann.id());
        assertThat(log).hasSize(2);
        assertLogged(log.get(0), "lead", "customer", "rule:leadToCustomer");
        assertLogged(log.get(1), "customer", "vip", "rule:vip");
        assertThat(attr(log.get(1), "at")).isEqualTo(f.clock.instant().toString());
        assertThat(withStatus(vipHub, "vip")).containsExactly(ann.id());
        assertThat(withStatus(vipHub, "customer")).isEmpty();
    }

    @Test
    void vipByOrderCountWithinTheWindowAndByAllTimeSpending() {
        String byCount = f.newHub(new StatusRules(true, new VipRule(true, null, 3, 30)), List.of());
        Customer ann = lead(byCount, "Ann");
        for (int days : new int[] {100, 50, 20, 10}) {
            assertThat(order(byCount, ann.id(), "d" + days, 100, daysAgo(days)).customer().status()).as("%d days ago", days)
                    .isEqualTo(CustomerStatus.CUSTOMER);
        }
        assertThat(order(byCount, ann.id(), "d2", 100, daysAgo(2)).customer().status()).as("third order within 30 days")
                .isEqualTo(CustomerStatus.VIP);

        String allTime = f.newHub(new StatusRules(true, new VipRule(true, 10_000L, null, null)), List.of());
        Customer bob = lead(allTime, "Bob");
        assertThat(order(allTime, bob.id(), "b1", 6_000, daysAgo(400)).customer().status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(order(allTime, bob.id(), "b2", 4_000, daysAgo(1)).customer().status()).as("without a window: all time")
                .isEqualTo(CustomerStatus.VIP);
        assertThat(f.statusLog(allTime, bob.id())).extracting(item -> attr(item, "cause"))
                .containsExactly("rule:leadToCustomer", "rule:vip");
    }

    @Test
    void aStatusSetByHandIsPinnedUntilHandedBackToTheRules() {
        String vipHub = f.newHub(new StatusRules(true, new VipRule(true, null, 2, null)), List.of());
        Customer ann = lead(vipHub, "Ann");
        f.clock.advance(Duration.ofMinutes(1));

        Customer pinned = f.customers.update(vipHub, ann.id(), c -> status(c, CustomerStatus.CUSTOMER, c.statusPinned()),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(pinned.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(pinned.statusPinned()).isTrue();
        assertThat(f.statusLog(vipHub, ann.id())).singleElement()
                .satisfies(item -> assertLogged(item, "lead", "customer", "manual"));

        for (int i = 0; i < 3; i++) {
            Customer counted = order(vipHub, ann.id(), "p" + i, 5_000, daysAgo(i)).customer();
            assertThat(counted.status()).as("order %d", i).isEqualTo(CustomerStatus.CUSTOMER);
            assertThat(counted.statusPinned()).isTrue();
            assertThat(counted.orderCount()).as("the facts still count").isEqualTo(i + 1);
        }
        Customer renamed = f.customers.update(vipHub, ann.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), "Anna",
                c.lastName(), c.companyName(), c.tags(), c.fields(), c.marketingConsent(), c.status(), c.statusPinned()),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(renamed.statusPinned()).as("an unrelated edit keeps the pin").isTrue();
        assertThat(f.statusLog(vipHub, ann.id())).hasSize(1);

        f.clock.advance(Duration.ofMinutes(1));
        Customer unpinned = f.customers.update(vipHub, ann.id(), c -> status(c, c.status(), false),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(unpinned.status()).as("the rules apply at once").isEqualTo(CustomerStatus.VIP);
        assertThat(unpinned.statusPinned()).isFalse();
        assertThat(f.customers.get(vipHub, ann.id())).isEqualTo(unpinned);
        List<Map<String, AttributeValue>> log = f.statusLog(vipHub, ann.id());
        assertThat(log).hasSize(2);
        assertLogged(log.get(1), "customer", "vip", "rule:vip");
        assertThat(attr(log.get(1), "at")).isEqualTo(f.clock.instant().toString());
        assertThat(withStatus(vipHub, "vip")).containsExactly(ann.id());
    }

    @Test
    void aStatusGivenOnCreateIsPinnedAndUnpinningAppliesLeadToCustomer() {
        Customer kept = f.create(hub, Drafts.person().firstName("Kim").email("kim@example.com").status(CustomerStatus.LEAD));
        assertThat(kept.statusPinned()).isTrue();
        assertThat(f.statusLog(hub, kept.id())).singleElement().satisfies(item -> assertLogged(item, null, "lead", "manual"));

        assertThat(order(kept.id(), "k1", 900, daysAgo(1)).customer().status()).as("pinned: still a lead")
                .isEqualTo(CustomerStatus.LEAD);
        Customer unpinned = f.customers.update(hub, kept.id(), c -> status(c, c.status(), false), ExpectedVersion.ANY,
                StatusChange.MANUAL);
        assertThat(unpinned.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(unpinned.statusPinned()).isFalse();
        assertThat(f.statusLog(hub, kept.id())).extracting(item -> attr(item, "cause"))
                .containsExactly("manual", "rule:leadToCustomer");

        Customer idle = f.create(hub, Drafts.person().firstName("Ida").email("ida@example.com").statusPinned(true));
        assertThat(idle.statusPinned()).isTrue();
        Customer idleUnpinned = f.customers.update(hub, idle.id(), c -> status(c, c.status(), false), ExpectedVersion.ANY,
                StatusChange.MANUAL);
        assertThat(idleUnpinned.status()).as("no order: nothing to apply").isEqualTo(CustomerStatus.LEAD);
        assertThat(idleUnpinned.statusPinned()).isFalse();
        assertThat(f.statusLog(hub, idle.id())).isEmpty();
    }

    // ---- validation and tenancy ----

    @Test
    void anInvalidOrderNamesItsFieldsAndCountsNothing() {
        Customer ann = lead("Ann");
        Instant ok = daysAgo(1);
        String id = ann.id();
        for (Long total : Arrays.asList(null, -1L, Long.MIN_VALUE, 1_000_000_000_001L)) {
            assertThat(errorFields(() -> f.customers.recordOrder(hub, id, "A-1", total, ok))).as("total %s", total)
                    .containsExactly("total");
        }
        for (String ref : Arrays.asList(null, "", " A-1", "A 1", "#1", "-1", "é1", "A-1\n", "x".repeat(101))) {
            assertThat(errorFields(() -> f.customers.recordOrder(hub, id, ref, 100L, ok))).as("orderRef '%s'", ref)
                    .containsExactly("orderRef");
        }
        for (Instant placedAt : Arrays.asList(null, f.clock.instant().plus(Duration.ofDays(2)),
                f.clock.instant().plus(Duration.ofDays(365)))) {
            assertThat(errorFields(() -> f.customers.recordOrder(hub, id, "A-1", 100L, placedAt))).as("placedAt %s", placedAt)
                    .containsExactly("placedAt");
        }
        assertThat(errorFields(() -> f.customers.recordOrder(hub, id, "bad ref", -5L, null)))
                .containsExactlyInAnyOrder("orderRef", "total", "placedAt");

        assertThat(get(id)).isEqualTo(ann);
        assertThat(f.items(hub, "ORDER")).isEmpty();
        assertThat(f.statusLog(hub, id)).isEmpty();

        assertThat(order(id, "x".repeat(100), 0, ok).firstTime()).as("the longest ref and a zero total are fine").isTrue();
        assertThat(order(id, "shop:2025/03#17_b.x-1", 1, ok).firstTime()).isTrue();
    }

    @Test
    void anOrderForAnUnknownOrAnotherHubsCustomerIsNotFound() {
        Customer ann = lead("Ann");
        String other = f.newHub();
        Customer bob = lead(other, "Bob");
        Instant ok = daysAgo(1);

        assertThatThrownBy(() -> order(Ids.newId("cus"), "A-1", 100, ok)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> order("not-an-id", "A-1", 100, ok)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> order(bob.id(), "A-1", 100, ok)).as("B's customer through hub A").isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> order(other, ann.id(), "A-1", 100, ok)).isInstanceOf(NotFoundException.class);

        assertThat(f.keys(hub)).noneMatch(k -> k.startsWith("ORD") || k.contains(bob.id()));
        assertThat(f.keys(other)).noneMatch(k -> k.startsWith("ORD") || k.contains(ann.id()));
        assertThat(f.customers.get(other, bob.id())).isEqualTo(bob);
    }

    // ---- delete ----

    @Test
    void deletingACustomerRemovesItsOrdersRefsAndStatusLogOnly() {
        Customer ann = lead("Ann");
        Customer bob = lead("Bob");
        for (int i = 0; i < 30; i++) {
            order(ann.id(), "a-" + i, 100, daysAgo(i));
        }
        f.customers.update(hub, ann.id(), c -> status(c, CustomerStatus.VIP, true), ExpectedVersion.ANY, StatusChange.MANUAL);
        order(bob.id(), "b-1", 100, daysAgo(1));
        assertThat(f.items(hub, "ORDER#" + ann.id() + "#")).hasSize(30);
        assertThat(f.items(hub, "ORDREF#" + ann.id() + "#")).hasSize(30);
        assertThat(f.statusLog(hub, ann.id())).hasSize(2);

        f.customers.delete(hub, ann.id(), ExpectedVersion.ANY);

        assertThat(f.keys(hub)).noneMatch(k -> k.contains(ann.id()));
        assertThat(f.items(hub, "ORDER#" + bob.id() + "#")).hasSize(1);
        assertThat(f.items(hub, "ORDREF#" + bob.id() + "#")).hasSize(1);
        assertThat(f.statusLog(hub, bob.id())).hasSize(1);
        assertThat(get(bob.id()).orderCount()).isEqualTo(1);
        assertThatThrownBy(() -> order(ann.id(), "a-0", 100, daysAgo(0))).isInstanceOf(NotFoundException.class);
        assertThat(f.keys(hub)).noneMatch(k -> k.contains(ann.id()));
    }
}
