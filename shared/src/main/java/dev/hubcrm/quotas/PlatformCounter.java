package dev.hubcrm.quotas;

import java.time.Instant;

/** Where counters that belong to no hub are kept (the platform's send rate, ADR 27): one per name, window and shard. */
@FunctionalInterface
public interface PlatformCounter {
    /**
     * Counts one use unless the counter already holds {@code limit}, in one atomic step, like
     * {@link QuotaCounter#countIfBelow}; each shard is a counter of its own (its own partition key), so a
     * busy counter can be split over shards.
     */
    boolean countPlatformIfBelow(String counterName, long windowIndex, int shard, long limit, Instant expiresAt);
}
