package dev.hubcrm.conversations;

import java.time.Instant;
import java.util.List;

/**
 * A post of the hub's team in a channel. It belongs to the channel; the customers it mentions also
 * see it on their timelines.
 *
 * @param author who on the hub's team wrote it; null when not said
 * @param customerIds the customers it mentions (none: an empty list)
 */
public record ChannelPost(String id, String channelId, String body, String author, List<String> customerIds, Instant createdAt) {
    public static final String ID_PREFIX = "post";
}
