package dev.hubcrm.conversations;

import java.time.Instant;
import java.util.List;

/**
 * A post of the hub's team in a channel. It belongs to the channel; the customers it mentions also
 * see it on their timelines.
 *
 * @param author who on the hub's team wrote it; null when not said
 * @param customerIds the customers it mentions (none: an empty list)
 * @param version 1 when posted, one more at each edit ({@code ETag}, {@code If-Match})
 */
public record ChannelPost(String id, String channelId, String body, String author, List<String> customerIds, Instant createdAt,
        Instant updatedAt, long version) {
    public static final String ID_PREFIX = "post";

    /** What an edit may change. */
    public record Draft(String body, String author, List<String> customerIds) {
    }

    public Draft draft() {
        return new Draft(body, author, customerIds);
    }
}
