package dev.hubcrm.conversations;

import java.time.Instant;

/**
 * A channel: the live feed of the conversations of one segment's current members.
 *
 * @param description what the channel is for; null when not said
 */
public record Channel(String id, String name, String segmentId, String description, Instant createdAt, Instant updatedAt) {
    public static final String ID_PREFIX = "chan";
}
