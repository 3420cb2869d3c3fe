package dev.hubcrm.segments;

import dev.hubcrm.segments.SegmentRule.Condition;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.Engagements;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates one condition. A customer without the value matches only {@code ne} and
 * {@code notContains} (and {@code exists: false}); a value of another type than the condition's
 * (a text custom field compared with a number) is treated the same way.
 */
final class ConditionEvaluator {
    private ConditionEvaluator() {
    }

    static boolean matches(Condition condition, Customer customer, Instant now) {
        Object actual = condition.field().valueOf(customer);
        if (actual instanceof List<?> tags && tags.isEmpty()) {
            actual = null;
        }
        if (condition.op() == SegmentOp.EXISTS) {
            return (actual != null) == (Boolean) condition.value();
        }
        if (actual == null) {
            return condition.op().holdsWhenAbsent();
        }
        return switch (condition.field().valueType()) {
            case TAGS -> tags(condition, castTags(actual));
            case CHOICE -> condition.op() == SegmentOp.EQ == actual.equals(condition.value());
            case TEXT -> text(condition.op(), (String) actual, (String) condition.value());
            case NUMBER -> compare(condition.op(), Long.compare((Long) actual, (Long) condition.value()));
            case TIME -> time(condition, (Instant) actual, now);
            case ANY -> custom(condition, actual, now);
            case ENGAGEMENT -> engagement(condition, (Engagements) actual);
        };
    }

    /** When the condition's answer for this customer flips by time alone: the value plus the days. */
    static Optional<Instant> boundary(Condition condition, Customer customer) {
        if (!condition.op().relativeTime()) {
            return Optional.empty();
        }
        Instant at = SegmentField.asInstant(condition.field().valueOf(customer));
        return at == null ? Optional.empty() : Optional.of(at.plus(Duration.ofDays((Long) condition.value())));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castTags(Object tags) {
        return (List<String>) tags;
    }

    private static boolean tags(Condition condition, List<String> tags) {
        String wanted = (String) condition.value();
        return switch (condition.op()) {
            case CONTAINS -> tags.contains(wanted);
            case NOT_CONTAINS -> !tags.contains(wanted);
            case PREFIX -> tags.stream().anyMatch(tag -> tag.equals(wanted) || tag.startsWith(wanted + "/"));
            default -> throw unexpected(condition);
        };
    }

    /** {@code eq} and {@code contains}: has the engagement; {@code ne} and {@code notContains}: has not. */
    private static boolean engagement(Condition condition, Engagements engagements) {
        Engagement wanted = (Engagement) condition.value();
        boolean has = engagements.has(wanted.event(), wanted.campaignId());
        return condition.op().holdsWhenAbsent() != has;
    }

    private static boolean text(SegmentOp op, String actual, String wanted) {
        String a = actual.toLowerCase(Locale.ROOT);
        String w = wanted.toLowerCase(Locale.ROOT);
        return switch (op) {
            case EQ -> a.equals(w);
            case NE -> !a.equals(w);
            case CONTAINS -> a.contains(w);
            case NOT_CONTAINS -> !a.contains(w);
            case PREFIX -> a.startsWith(w);
            default -> compare(op, a.compareTo(w));
        };
    }

    private static boolean compare(SegmentOp op, int comparison) {
        return switch (op) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    private static boolean time(Condition condition, Instant actual, Instant now) {
        return switch (condition.op()) {
            case WITHIN_DAYS -> !actual.isBefore(now.minus(Duration.ofDays((Long) condition.value())));
            case OLDER_THAN_DAYS -> actual.isBefore(now.minus(Duration.ofDays((Long) condition.value())));
            default -> compare(condition.op(), actual.compareTo((Instant) condition.value()));
        };
    }

    private static boolean custom(Condition condition, Object actual, Instant now) {
        SegmentOp op = condition.op();
        Object wanted = condition.value();
        if (op.relativeTime()) {
            Instant at = SegmentField.asInstant(actual);
            return at == null ? op.holdsWhenAbsent() : time(condition, at, now);
        }
        if (op == SegmentOp.CONTAINS || op == SegmentOp.NOT_CONTAINS || op == SegmentOp.PREFIX) {
            return actual instanceof String text ? text(op, text, (String) wanted) : op.holdsWhenAbsent();
        }
        if (op == SegmentOp.EQ || op == SegmentOp.NE) {
            return op == SegmentOp.EQ == sameValue(actual, wanted);
        }
        if (actual instanceof BigDecimal number && wanted instanceof BigDecimal bound) {
            return compare(op, number.compareTo(bound));
        }
        if (actual instanceof String text && wanted instanceof String bound) {
            Instant actualTime = SegmentValues.parseTime(text);
            Instant boundTime = SegmentValues.parseTime(bound);
            return actualTime != null && boundTime != null ? compare(op, actualTime.compareTo(boundTime))
                    : compare(op, text.compareTo(bound));
        }
        return false;
    }

    private static boolean sameValue(Object actual, Object wanted) {
        if (actual instanceof BigDecimal a && wanted instanceof BigDecimal w) {
            return a.compareTo(w) == 0;
        }
        if (actual instanceof String a && wanted instanceof String w) {
            return a.equalsIgnoreCase(w);
        }
        return Objects.equals(actual, wanted);
    }

    private static IllegalStateException unexpected(Condition condition) {
        return new IllegalStateException(condition.op().wire() + " on " + condition.field().wire() + " passed the parser");
    }
}
