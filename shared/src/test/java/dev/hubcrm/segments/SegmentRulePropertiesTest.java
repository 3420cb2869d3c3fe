package dev.hubcrm.segments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.Engagements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws the evaluator must obey for any rule and customer, and what the scheduled refresh relies on.
 *
 * <p>Each property runs {@value #CASES} cases. Every case draws its rules and customer from its own
 * seed, shown in the test name ("seed N"); to replay one case, run with {@code -Dsegments.seed=N}.
 * The case seeds come from the fixed {@value #BASE_SEED}, so every run checks the same cases.
 */
class SegmentRulePropertiesTest {
    private static final Instant NOW = SegmentRuleTest.NOW;
    static final int CASES = 3000;
    static final long BASE_SEED = 20260615L;
    /** Composite levels above the conditions: a generated rule has 0 to MAX_DEPTH of them. */
    private static final int MAX_DEPTH = 4;
    /** Children of an all/any node. */
    private static final int MAX_CHILDREN = 3;
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
    private static final List<SegmentRule> LEAVES = CONDITIONS.stream().map(SegmentRuleTest::rule).toList();
    private static final List<String> TAGS = List.of("a", "b", "a/x", "c");
    private static final List<String> EMAILS = List.of("x@example.com", "ann@example.com", "");

    /** The case seeds, or only the one given as -Dsegments.seed to replay a failure. */
    static LongStream seeds() {
        String replay = System.getProperty("segments.seed");
        if (replay != null && !replay.isBlank()) {
            return LongStream.of(Long.parseLong(replay.trim()));
        }
        SplittableRandom master = new SplittableRandom(BASE_SEED);
        return LongStream.generate(master::nextLong).limit(CASES);
    }

    /** A rule whose composite levels (all, any, not) are all the same depth, 0 to MAX_DEPTH, over the conditions above. */
    static SegmentRule rule(SplittableRandom random) {
        return rule(random, random.nextInt(MAX_DEPTH + 1));
    }

    private static SegmentRule rule(SplittableRandom random, int depth) {
        if (depth == 0) {
            return LEAVES.get(random.nextInt(LEAVES.size()));
        }
        return switch (random.nextInt(3)) {
            case 0 -> new SegmentRule.All(children(random, depth - 1));
            case 1 -> new SegmentRule.Any(children(random, depth - 1));
            default -> new SegmentRule.Not(rule(random, depth - 1));
        };
    }

    private static List<SegmentRule> children(SplittableRandom random, int depth) {
        int size = 1 + random.nextInt(MAX_CHILDREN);
        List<SegmentRule> children = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            children.add(rule(random, depth));
        }
        return children;
    }

    static Customer customer(SplittableRandom random) {
        List<String> pool = new ArrayList<>(TAGS);
        List<String> tags = new ArrayList<>();
        for (int size = random.nextInt(4); tags.size() < size; ) {
            tags.add(pool.remove(random.nextInt(pool.size())));
        }
        CustomerStatus[] statuses = CustomerStatus.values();
        CustomerStatus status = statuses[random.nextInt(statuses.length)];
        String email = EMAILS.get(random.nextInt(EMAILS.size()));
        long orders = random.nextLong(0, 6);
        Instant lastOrder = maybeTime(random);
        Instant lastTopUp = maybeTime(random);
        int age = random.nextInt(0, 121);
        return new Customer("cus_01JAAAAAAAAAAAAAAAAAAAAAAA", CustomerType.PERSON, email.isEmpty() ? null : email, "+33600000000",
                "Ann", null, null, List.copyOf(tags), Map.of(), true, status, false, orders, orders * 1500, lastOrder, lastOrder, 0,
                lastTopUp, Engagements.NONE, NOW.minus(Duration.ofDays(age)), NOW, 1);
    }

    /** Null one time in 92, else 0 to 90 days (and some minutes) before now. */
    private static Instant maybeTime(SplittableRandom random) {
        int days = random.nextInt(-1, 91);
        return days < 0 ? null : NOW.minus(Duration.ofDays(days)).minus(Duration.ofMinutes(days * 37L));
    }

    /** A fraction in [0, 1], both ends included and each drawn one time in ten. */
    static double fraction(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0 -> 0.0;
            case 1 -> 1.0;
            default -> random.nextDouble();
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void doubleNegationIsTheRule(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SegmentRule rule = rule(random);
        Customer customer = customer(random);
        assertThat(new SegmentRule.Not(new SegmentRule.Not(rule)).matches(customer, NOW))
                .as("seed %d: %s on %s", seed, rule, customer).isEqualTo(rule.matches(customer, NOW));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void deMorgan(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SegmentRule a = rule(random);
        SegmentRule b = rule(random);
        Customer customer = customer(random);
        boolean notAll = new SegmentRule.Not(new SegmentRule.All(List.of(a, b))).matches(customer, NOW);
        boolean anyNot = new SegmentRule.Any(List.of(new SegmentRule.Not(a), new SegmentRule.Not(b))).matches(customer, NOW);
        assertThat(notAll).as("seed %d: %s and %s on %s", seed, a, b, customer).isEqualTo(anyNot);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSingleRuleCombinedIsItself(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SegmentRule rule = rule(random);
        Customer customer = customer(random);
        boolean alone = rule.matches(customer, NOW);
        assertThat(new SegmentRule.All(List.of(rule)).matches(customer, NOW)).as("seed %d: all of %s", seed, rule).isEqualTo(alone);
        assertThat(new SegmentRule.Any(List.of(rule)).matches(customer, NOW)).as("seed %d: any of %s", seed, rule).isEqualTo(alone);
    }

    /**
     * The refresh re-evaluates a customer only when its next boundary has passed: between now and
     * that boundary (inclusive), the answer must not move, whatever the rule.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theAnswerHoldsUntilTheNextBoundary(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SegmentRule rule = rule(random);
        Customer customer = customer(random);
        double fraction = fraction(random);
        Instant next = SegmentMembership.nextBoundary(customer, List.of(rule), NOW);
        Instant until = next == null ? NOW.plus(Duration.ofDays(3650)) : next;
        Instant between = NOW.plusMillis((long) (fraction * Duration.between(NOW, until).toMillis()));
        assertThat(rule.matches(customer, between)).as("seed %d: at %s, next boundary %s, %s on %s", seed, between, next, rule, customer)
                .isEqualTo(rule.matches(customer, NOW));
        assertThat(rule.dependsOnTime() || next == null).as("seed %d: a boundary for a rule without time: %s", seed, rule).isTrue();
    }
}
