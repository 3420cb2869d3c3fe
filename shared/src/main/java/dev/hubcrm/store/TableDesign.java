package dev.hubcrm.store;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The shape of the one DynamoDB table every function shares. The CDK stack and the local
 * provisioner both build the table from these names, so they cannot drift apart.
 *
 * <p>Every item's partition key starts with the hub ({@code HUB#<hubId>}), which is what keeps
 * tenants apart. Secondary access paths are index items in the same partition (see
 * {@code CustomerRepository}), written in the same transaction as the item they point at.
 */
public final class TableDesign {
    /** Environment variable that names the table. */
    public static final String TABLE_ENV = "HUBCRM_TABLE";
    public static final String DEFAULT_TABLE_NAME = "hubcrm";
    public static final String PARTITION_KEY = "PK";
    public static final String SORT_KEY = "SK";
    /** Epoch seconds; DynamoDB TTL deletes the item after it (idempotency records). */
    public static final String TTL_ATTRIBUTE = "expiresAt";
    /**
     * The segment refresh index (a GSI): customers whose segment membership changes by time alone,
     * keyed by a shard of the UTC day that happens ({@code yyyy-MM-dd#ss}, {@link #refreshBucket})
     * and the instant (fixed-width epoch ms). Only the scheduled refresh reads it (every shard of
     * each day, {@link #refreshBuckets}); no request does.
     */
    public static final String REFRESH_INDEX = "segment-refresh";
    /** The refresh index's partition key: {@code yyyy-MM-dd#ss}, a day and a shard of it (the name is from before the shards). */
    public static final String REFRESH_DAY = "refreshDay";
    public static final String REFRESH_AT = "refreshAt";
    /**
     * Shards of each day of the refresh index. A day key is shared by every hub: an import, a
     * backfill or a burst of orders of any hub puts its customers' refresh entries under the day
     * their conditions flip, often the same day (everyone imported today turns "older than 30
     * days" on the same date). One GSI partition key takes at most 1,000 WCU/s, and a refresh
     * entry whose due instant moves costs the index 2 WCU (delete and put), so one key takes
     * about 500 entries a second; 32 shards take about 16,000 a second for one day, 40% of the
     * default on-demand quota of a whole table (40,000 write units a second; docs/scale.md). The hourly
     * refresh pays 33 Queries a day it looks at (8 days: 264 small Queries an hour), nothing.
     * Only ever raise it: an entry stays in the shard it was written to until it is written again,
     * and the refresh reads shards 0 to N-1 (raising N still reads every old shard; lowering it
     * would hide entries).
     */
    public static final int REFRESH_SHARDS = 32;
    /** Between the day and the shard of a refresh bucket; a bucket without it was written before the shards. */
    private static final char REFRESH_SHARD_SEPARATOR = '#';
    /**
     * The wallet balance index (a GSI): customer items by hub ({@code PK}) and {@code balance}, so
     * that the low-balance job and {@code ?balanceBelow=} read only the wallets below a threshold.
     * Only customer items carry a numeric {@code balance}.
     */
    public static final String BALANCE_INDEX = "wallet-balance";
    public static final String BALANCE_ATTRIBUTE = "balance";
    /** The customer attributes the balance index carries besides its keys. */
    public static final List<String> BALANCE_INDEX_PROJECTION = List.of("id", "email", "firstName", "lastTopUpAt");
    /**
     * The reminder hubs index (a sparse GSI): only hub items whose wallet settings have a
     * low-balance threshold carry {@code walletReminders}, so the job finds its hubs without a Scan.
     */
    public static final String REMINDER_HUBS_INDEX = "wallet-reminder-hubs";
    public static final String REMINDER_HUBS_ATTRIBUTE = "walletReminders";

    /**
     * The campaign due index (a sparse GSI, keys only): only scheduled campaigns carry
     * {@code dueBucket} ({@code DUE#<UTC hour>#<shard>}, {@code CampaignDue}) and {@code dueAt}; only
     * the campaign sweep reads it.
     */
    public static final String CAMPAIGN_DUE_INDEX = "campaign-due";
    public static final String DUE_BUCKET = "dueBucket";
    public static final String DUE_AT = "dueAt";

    private static final String HUB_PREFIX = "HUB#";

    private TableDesign() {
    }

    public static String hubPartition(String hubId) {
        return HUB_PREFIX + hubId;
    }

    /** The hub of a partition key: the inverse of {@link #hubPartition}. */
    public static String hubId(String partition) {
        return partition.substring(HUB_PREFIX.length());
    }

    /**
     * The shard of a hub's customer in the refresh index, 0 to {@link #REFRESH_SHARDS} - 1: a CRC-32
     * of hub and customer, the same in every JVM and every release, so a customer's entries always
     * land in the same shard and customers of one hub spread over all of them.
     */
    public static int refreshShard(String hubId, String customerId) {
        CRC32 crc = new CRC32();
        crc.update((hubId + "#" + customerId).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % REFRESH_SHARDS);
    }

    /** The refresh index key of a customer's entry due on {@code day}: {@code 2026-03-01#07}. */
    public static String refreshBucket(LocalDate day, String hubId, String customerId) {
        return refreshBucket(day, refreshShard(hubId, customerId));
    }

    private static String refreshBucket(LocalDate day, int shard) {
        return day + String.valueOf(REFRESH_SHARD_SEPARATOR) + (shard < 10 ? "0" : "") + shard;
    }

    /**
     * Every refresh index key of {@code day}: its {@link #REFRESH_SHARDS} shards, then the bare day
     * under which entries were written before the index was sharded (such an entry moves to its
     * shard when the refresh next writes it, at the latest when it is due; the bare day can go
     * once no entry written before the shards is left, see docs/scale.md).
     */
    public static List<String> refreshBuckets(LocalDate day) {
        List<String> buckets = new ArrayList<>(REFRESH_SHARDS + 1);
        for (int shard = 0; shard < REFRESH_SHARDS; shard++) {
            buckets.add(refreshBucket(day, shard));
        }
        buckets.add(day.toString());
        return buckets;
    }
}
