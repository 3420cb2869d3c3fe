package dev.hubcrm.quotas;

import java.time.Instant;

/** The counters of the send rate (ADR 27) besides a hub's quota counters: the platform's, and giving a hub's token back. */
public interface SendRateCounter {
    /**
     * Counts one use unless the counter already holds {@code limit}, in one atomic step, like
     * {@link QuotaCounter#countIfBelow}, on a counter that belongs to no hub (the platform's send rate):
     * each shard is a counter of its own (its own partition key), so a busy counter can be split over shards.
     */
    boolean countPlatformIfBelow(String counterName, long windowIndex, int shard, long limit, Instant expiresAt);

    /** Gives back one use of a hub's counter that {@link QuotaCounter#countIfBelow} counted and that was not used. */
    void uncount(String hubId, String quotaName, long windowIndex);
}
