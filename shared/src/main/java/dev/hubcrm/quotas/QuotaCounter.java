package dev.hubcrm.quotas;

import java.time.Instant;

/** Where uses are counted: one counter per hub, quota, subject and window. */
public interface QuotaCounter {
    /**
     * Counts one use unless the counter already holds {@code limit}, in one atomic step (never a read
     * then a write, so concurrent requests cannot both take the last use).
     *
     * @param subject what the quota is per within the hub (a customer id), or null for the hub itself
     * @param expiresAt when the counter may be deleted: the end of its window
     * @return true if the use was counted, false if the limit was reached
     */
    boolean countIfBelow(String hubId, String quotaName, String subject, long windowIndex, long limit, Instant expiresAt);
}
