package dev.hubcrm.quotas;

import java.time.Instant;

/**
 * The counters of the send rate (ADR 27): a hub's campaign tokens and the platform's, taken many at a time. A take
 * counts what it asks for in one atomic step when the counter is below its limit and answers how many of those fit
 * under the limit; the rest it gives back at once, so a counter always holds what was handed out.
 */
public interface SendRateCounter {
    /** Takes up to {@code uses} of a hub's counter of window {@code windowIndex}; answers how many it got (0 at the limit). */
    long countUpTo(String hubId, String counterName, long windowIndex, long uses, long limit, Instant expiresAt);

    /**
     * As {@link #countUpTo}, on a counter that belongs to no hub (the platform's send rate): each shard is a counter of
     * its own (its own partition key), so a busy counter can be split over shards.
     */
    long countPlatformUpTo(String counterName, long windowIndex, int shard, long uses, long limit, Instant expiresAt);

    /** Gives back {@code uses} of a hub's counter that {@link #countUpTo} counted and that will not be used. */
    void uncount(String hubId, String counterName, long windowIndex, long uses);
}
