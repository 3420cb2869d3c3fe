package dev.hubcrm.segments;

import dev.hubcrm.customers.Customer;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A segment rule as the grammar of the design defines it: {@code all}, {@code any}, {@code not} or
 * one condition. Pure: a rule evaluates a customer at a given instant and names the instants at
 * which its answer for that customer can change by time alone (relative-time conditions), which is
 * what the scheduled refresh indexes.
 */
public sealed interface SegmentRule {

    boolean matches(Customer customer, Instant now);

    /** Every instant at which a relative-time condition of this rule flips for {@code customer}. */
    void boundaries(Customer customer, Consumer<Instant> sink);

    /** Whether any condition depends on the time of evaluation ({@code withinDays}, {@code olderThanDays}). */
    boolean dependsOnTime();

    record All(List<SegmentRule> rules) implements SegmentRule {
        public boolean matches(Customer customer, Instant now) {
            return rules.stream().allMatch(rule -> rule.matches(customer, now));
        }

        public void boundaries(Customer customer, Consumer<Instant> sink) {
            rules.forEach(rule -> rule.boundaries(customer, sink));
        }

        public boolean dependsOnTime() {
            return rules.stream().anyMatch(SegmentRule::dependsOnTime);
        }
    }

    record Any(List<SegmentRule> rules) implements SegmentRule {
        public boolean matches(Customer customer, Instant now) {
            return rules.stream().anyMatch(rule -> rule.matches(customer, now));
        }

        public void boundaries(Customer customer, Consumer<Instant> sink) {
            rules.forEach(rule -> rule.boundaries(customer, sink));
        }

        public boolean dependsOnTime() {
            return rules.stream().anyMatch(SegmentRule::dependsOnTime);
        }
    }

    record Not(SegmentRule rule) implements SegmentRule {
        public boolean matches(Customer customer, Instant now) {
            return !rule.matches(customer, now);
        }

        public void boundaries(Customer customer, Consumer<Instant> sink) {
            rule.boundaries(customer, sink);
        }

        public boolean dependsOnTime() {
            return rule.dependsOnTime();
        }
    }

    /** {@code {"field": f, "op": o, "value": v}} with the value already checked and converted for the field. */
    record Condition(SegmentField field, SegmentOp op, Object value) implements SegmentRule {
        public boolean matches(Customer customer, Instant now) {
            return ConditionEvaluator.matches(this, customer, now);
        }

        public void boundaries(Customer customer, Consumer<Instant> sink) {
            ConditionEvaluator.boundary(this, customer).ifPresent(sink);
        }

        public boolean dependsOnTime() {
            return op.relativeTime();
        }
    }
}
