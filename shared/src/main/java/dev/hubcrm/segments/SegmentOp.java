package dev.hubcrm.segments;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The operators of a segment condition, by their wire names. */
public enum SegmentOp {
    EQ("eq"), NE("ne"), LT("lt"), LTE("lte"), GT("gt"), GTE("gte"), CONTAINS("contains"), NOT_CONTAINS("notContains"),
    PREFIX("prefix"), EXISTS("exists"), WITHIN_DAYS("withinDays"), OLDER_THAN_DAYS("olderThanDays");

    private final String wire;

    SegmentOp(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Ops whose answer moves as time passes, for the same customer. */
    public boolean relativeTime() {
        return this == WITHIN_DAYS || this == OLDER_THAN_DAYS;
    }

    /** Ops that hold for a customer who lacks the value (“not equal to x” holds when there is no value). */
    public boolean holdsWhenAbsent() {
        return this == NE || this == NOT_CONTAINS;
    }

    public static SegmentOp fromWire(String wire) {
        for (SegmentOp op : values()) {
            if (op.wire.equals(wire)) {
                return op;
            }
        }
        return null;
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(SegmentOp::wire).collect(Collectors.joining(", "));
    }
}
