package dev.hubcrm.segments;

import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.Engagements;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A field a condition reads: a fact of the customer, or {@code fields.<name>} for a custom field.
 *
 * @param name the custom field's name for {@link Kind#CUSTOM}, otherwise null
 */
public record SegmentField(Kind kind, String name) {
    public static final String CUSTOM_PREFIX = "fields.";

    /** What kind of value a field holds, which decides the ops and values a condition may use. */
    public enum ValueType {
        TAGS(EnumSet.of(SegmentOp.CONTAINS, SegmentOp.NOT_CONTAINS, SegmentOp.PREFIX, SegmentOp.EXISTS)),
        CHOICE(EnumSet.of(SegmentOp.EQ, SegmentOp.NE, SegmentOp.EXISTS)),
        TEXT(EnumSet.of(SegmentOp.EQ, SegmentOp.NE, SegmentOp.CONTAINS, SegmentOp.NOT_CONTAINS, SegmentOp.PREFIX,
                SegmentOp.EXISTS)),
        NUMBER(EnumSet.of(SegmentOp.EQ, SegmentOp.NE, SegmentOp.LT, SegmentOp.LTE, SegmentOp.GT, SegmentOp.GTE,
                SegmentOp.EXISTS)),
        TIME(EnumSet.of(SegmentOp.EQ, SegmentOp.NE, SegmentOp.LT, SegmentOp.LTE, SegmentOp.GT, SegmentOp.GTE,
                SegmentOp.EXISTS, SegmentOp.WITHIN_DAYS, SegmentOp.OLDER_THAN_DAYS)),
        /** A custom field: text, number, boolean or date, known only from the value. */
        ANY(EnumSet.allOf(SegmentOp.class)),
        /** Has the engagement ({@code eq}, {@code contains}) or has not ({@code ne}, {@code notContains}). */
        ENGAGEMENT(EnumSet.of(SegmentOp.EQ, SegmentOp.NE, SegmentOp.CONTAINS, SegmentOp.NOT_CONTAINS));

        private final Set<SegmentOp> ops;

        ValueType(Set<SegmentOp> ops) {
            this.ops = ops;
        }

        public Set<SegmentOp> ops() {
            return ops;
        }
    }

    public enum Kind {
        TAGS("tags", ValueType.TAGS),
        STATUS("status", ValueType.CHOICE),
        TYPE("type", ValueType.CHOICE),
        EMAIL("email", ValueType.TEXT),
        CREATED_AT("createdAt", ValueType.TIME),
        ORDER_COUNT("orderCount", ValueType.NUMBER),
        TOTAL_SPENT("totalSpent", ValueType.NUMBER),
        LAST_ORDER_AT("lastOrderAt", ValueType.TIME),
        BALANCE("balance", ValueType.NUMBER),
        LAST_TOP_UP_AT("lastTopUpAt", ValueType.TIME),
        ENGAGEMENT("engagement", ValueType.ENGAGEMENT),
        CUSTOM(null, ValueType.ANY);

        private final String wire;
        private final ValueType valueType;

        Kind(String wire, ValueType valueType) {
            this.wire = wire;
            this.valueType = valueType;
        }
    }

    /** The field for its wire name, or null when the grammar has no such field. */
    public static SegmentField fromWire(String wire) {
        if (wire == null) {
            return null;
        }
        if (wire.startsWith(CUSTOM_PREFIX) && wire.length() > CUSTOM_PREFIX.length()) {
            return new SegmentField(Kind.CUSTOM, wire.substring(CUSTOM_PREFIX.length()));
        }
        for (Kind kind : Kind.values()) {
            if (wire.equals(kind.wire)) {
                return new SegmentField(kind, null);
            }
        }
        return null;
    }

    public static String wireNames() {
        return "tags, status, type, email, createdAt, orderCount, totalSpent, lastOrderAt, balance, lastTopUpAt, "
                + "fields.<name>, engagement";
    }

    public String wire() {
        return kind == Kind.CUSTOM ? CUSTOM_PREFIX + name : kind.wire;
    }

    public ValueType valueType() {
        return kind.valueType;
    }

    /**
     * The customer's value of this field: a String, Long, Instant, BigDecimal, Boolean or the tag
     * list; null when the customer has none. {@code balance} is always present (0 before any wallet
     * movement: it is the sum of an empty ledger); {@code engagement} (the {@link Engagements}) is absent
     * until SES reports an event of the customer's campaign mail.
     */
    public Object valueOf(Customer customer) {
        return switch (kind) {
            case TAGS -> customer.tags();
            case STATUS -> customer.status() == null ? null : customer.status().wire();
            case TYPE -> customer.type() == null ? null : customer.type().wire();
            case EMAIL -> customer.email();
            case CREATED_AT -> customer.createdAt();
            case ORDER_COUNT -> customer.orderCount();
            case TOTAL_SPENT -> customer.totalSpent();
            case LAST_ORDER_AT -> customer.lastOrderAt();
            case BALANCE -> customer.balance();
            case LAST_TOP_UP_AT -> customer.lastTopUpAt();
            case ENGAGEMENT -> customer.engagement().isEmpty() ? null : customer.engagement();
            case CUSTOM -> customValue(customer.fields().get(name));
        };
    }

    private static Object customValue(Object value) {
        return value instanceof BigDecimal || value instanceof Boolean || value instanceof String ? value : null;
    }

    /** A custom value read as a time, when it is an ISO date or instant; null otherwise. */
    static Instant asInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        return value instanceof String text ? SegmentValues.parseTime(text) : null;
    }
}
