package dev.hubcrm.store;

import java.util.List;

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
     * keyed by the UTC day that happens ({@code yyyy-MM-dd}) and the instant (fixed-width epoch ms).
     * Only the scheduled refresh reads it; no request does.
     */
    public static final String REFRESH_INDEX = "segment-refresh";
    public static final String REFRESH_DAY = "refreshDay";
    public static final String REFRESH_AT = "refreshAt";
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
}
