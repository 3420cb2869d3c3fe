package dev.hubcrm.campaigns;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The due index's partition keys of scheduled campaigns ({@code DUE#<UTC hour>#<shard>}, sorted by the
 * due instant). A key is shared by every hub, so it is sharded by a CRC-32 of hub and campaign; the
 * sweep reads each shard of each hour from {@link #LOOKBACK} ago to now, so a campaign that came due
 * while the sweep was down is started by the next run, and one due more than a day ago is left scheduled.
 */
public final class CampaignDue {
    /** Shards of each hour: scheduling is rare, so 4 keys (4,000 index writes a second) are far above need. */
    public static final int SHARDS = 4;
    /** How far back the sweep looks for campaigns it missed. */
    public static final Duration LOOKBACK = Duration.ofHours(24);
    private static final String PREFIX = "DUE#";

    private CampaignDue() {
    }

    /** The key a campaign due at {@code at} is indexed under: {@code DUE#2026-12-03T21#2}. */
    public static String bucket(Instant at, String hubId, String campaignId) {
        CRC32 crc = new CRC32();
        crc.update((hubId + "#" + campaignId).getBytes(StandardCharsets.UTF_8));
        return bucket(at, (int) (crc.getValue() % SHARDS));
    }

    /** The index's sort key of a due instant: fixed-width epoch milliseconds, so text order is time order. */
    public static String dueAt(Instant at) {
        return String.format("%015d", at.toEpochMilli());
    }

    /** Every key the sweep reads at {@code now}, oldest hour first. */
    public static List<String> buckets(Instant now) {
        List<String> buckets = new ArrayList<>();
        Instant last = now.truncatedTo(ChronoUnit.HOURS);
        for (Instant hour = last.minus(LOOKBACK); !hour.isAfter(last); hour = hour.plus(Duration.ofHours(1))) {
            for (int shard = 0; shard < SHARDS; shard++) {
                buckets.add(bucket(hour, shard));
            }
        }
        return buckets;
    }

    private static String bucket(Instant at, int shard) {
        return PREFIX + at.truncatedTo(ChronoUnit.HOURS).toString().substring(0, 13) + "#" + shard;
    }
}
