package dev.hubcrm.conversations;

import java.time.Instant;

/**
 * A channel: the live feed of the conversations of one segment's current members.
 *
 * @param description what the channel is for; null when not said
 * @param backfill how far copying the members' notes into the feed has come (ADR 29)
 * @param segmentDeleted whether its segment was deleted: the feed shows its posts only (ADR 30)
 */
public record Channel(String id, String name, String segmentId, String description, Instant createdAt, Instant updatedAt,
        Backfill backfill, boolean segmentDeleted) {
    public static final String ID_PREFIX = "chan";

    /** The feed is {@code building} while the segment's members at creation are copied in, {@code processed} of them so far. */
    public record Backfill(Status status, long processed) {
        public static final Backfill STARTED = new Backfill(Status.BUILDING, 0);
    }

    public enum Status {
        BUILDING, READY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromWire(String wire) {
            return wire == null ? READY : valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
