package dev.hubcrm.segments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Laws the evaluator must obey for any rule and customer, and what the scheduled refresh relies on. */
class SegmentRuleProperties {
    private static final Instant NOW = SegmentRuleTest.NOW;
    private static final List<String> CONDITIONS = List.of(
            "{'field':'tags','op':'contains','value':'a'}",
            "{'field':'tags','op':'prefix','value':'a'}",
            "{'field':'tags','op':'notContains','value':'b'}",
            "{'field':'tags','op':'exists'}",
            "{'field':'status','op':'eq','value':'customer'}",
            "{'field':'email','op':'prefix','value':'x'}",
            "{'field':'email','op':'exists','value':false}",
            "{'field':'orderCount','op':'gte','value':2}",
            "{'field':'totalSpent','op':'lt','value':5000}",
            "{'field':'lastOrderAt','op':'withinDays','value':7}",
            "{'field':'lastOrderAt','op':'olderThanDays','value':30}",
            "{'field':'lastTopUpAt','op':'withinDays','value':14}",
            "{'field':'createdAt','op':'olderThanDays','value':60}",
            "{'field':'lastOrderAt','op':'gt','value':'2026-06-01'}",
            "{'field':'engagement','op':'contains','value':{'event':'opened'}}");

    @Provide
    Arbitrary<SegmentRule> rules() {
        Arbitrary<SegmentRule> condition = Arbitraries.of(CONDITIONS).map(SegmentRuleTest::rule);
        return Arbitraries.recursive(() -> condition, inner -> Arbitraries.oneOf(
                inner.list().ofMinSize(1).ofMaxSize(3).map(SegmentRule.All::new),
                inner.list().ofMinSize(1).ofMaxSize(3).map(SegmentRule.Any::new),
                inner.map(SegmentRule.Not::new)), 0, 4);
    }

    @Provide
    Arbitrary<Customer> customers() {
        Arbitrary<List<String>> tags = Arbitraries.of("a", "b", "a/x", "c").list().uniqueElements().ofMaxSize(3);
        Arbitrary<Instant> maybeTime = Arbitraries.integers().between(-1, 90)
                .map(days -> days < 0 ? null : NOW.minus(Duration.ofDays(days)).minus(Duration.ofMinutes(days * 37L)));
        Arbitrary<String> email = Arbitraries.of("x@example.com", "ann@example.com", "").map(e -> e.isEmpty() ? null : e);
        return Combinators.combine(tags, Arbitraries.of(CustomerStatus.class), email, Arbitraries.longs().between(0, 5),
                maybeTime, maybeTime, Arbitraries.integers().between(0, 120)).as((t, status, mail, orders, lastOrder, lastTopUp, age) ->
                new Customer("cus_01JAAAAAAAAAAAAAAAAAAAAAAA", CustomerType.PERSON, mail, "+33600000000", "Ann", null, null, t, Map.of(),
                        true, status, false, orders, orders * 1500, lastOrder, lastOrder, 0, lastTopUp,
                        NOW.minus(Duration.ofDays(age)), NOW, 1));
    }

    @Property
    void doubleNegationIsTheRule(@ForAll("rules") SegmentRule rule, @ForAll("customers") Customer customer) {
        assertThat(new SegmentRule.Not(new SegmentRule.Not(rule)).matches(customer, NOW)).isEqualTo(rule.matches(customer, NOW));
    }

    @Property
    void deMorgan(@ForAll("rules") SegmentRule a, @ForAll("rules") SegmentRule b, @ForAll("customers") Customer customer) {
        boolean notAll = new SegmentRule.Not(new SegmentRule.All(List.of(a, b))).matches(customer, NOW);
        boolean anyNot = new SegmentRule.Any(List.of(new SegmentRule.Not(a), new SegmentRule.Not(b))).matches(customer, NOW);
        assertThat(notAll).isEqualTo(anyNot);
    }

    @Property
    void aSingleRuleCombinedIsItself(@ForAll("rules") SegmentRule rule, @ForAll("customers") Customer customer) {
        boolean alone = rule.matches(customer, NOW);
        assertThat(new SegmentRule.All(List.of(rule)).matches(customer, NOW)).isEqualTo(alone);
        assertThat(new SegmentRule.Any(List.of(rule)).matches(customer, NOW)).isEqualTo(alone);
    }

    /**
     * The refresh re-evaluates a customer only when its next boundary has passed: between now and
     * that boundary (inclusive), the answer must not move, whatever the rule.
     */
    @Property
    void theAnswerHoldsUntilTheNextBoundary(@ForAll("rules") SegmentRule rule, @ForAll("customers") Customer customer,
            @ForAll @DoubleRange(min = 0, max = 1) double fraction) {
        Instant next = SegmentMembership.nextBoundary(customer, List.of(rule), NOW);
        Instant until = next == null ? NOW.plus(Duration.ofDays(3650)) : next;
        Instant between = NOW.plusMillis((long) (fraction * Duration.between(NOW, until).toMillis()));
        assertThat(rule.matches(customer, between)).as("at %s, next boundary %s", between, next).isEqualTo(rule.matches(customer, NOW));
        assertThat(rule.dependsOnTime() || next == null).isTrue();
    }
}
