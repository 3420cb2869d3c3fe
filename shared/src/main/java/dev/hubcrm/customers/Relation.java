package dev.hubcrm.customers;

import java.time.Instant;
import java.util.Locale;

/**
 * A relation between two customers of one hub, seen from {@code customerId}: {@code OUTGOING} when
 * it reads "customer kind other" (Ann employee-of Olive Co), {@code INCOMING} from the other side.
 */
public record Relation(String customerId, Kind kind, String otherId, Direction direction, Instant createdAt) {

    public enum Kind {
        EMPLOYEE_OF, REFERRED_BY, LINKED;

        /** Whether "a kind b" also says "b kind a". */
        public boolean symmetric() {
            return this == LINKED;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind for its wire name, or null when there is none. */
        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wire().equals(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public enum Direction { OUTGOING, INCOMING }

    /** The same relation seen from the other customer. */
    public Relation mirrored() {
        return new Relation(otherId, kind, customerId,
                direction == Direction.OUTGOING ? Direction.INCOMING : Direction.OUTGOING, createdAt);
    }
}
