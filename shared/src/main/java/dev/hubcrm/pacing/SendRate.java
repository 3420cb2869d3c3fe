package dev.hubcrm.pacing;

/**
 * How fast hubcrm may send mail (ADR 27): {@code platformPerSecond} for every hub together (the SES
 * account's {@code MaxSendRate}, or a lower configured rate) and each hub's campaigns at most
 * {@code hubShare} of it, so that one hub's campaign leaves the rest to other hubs' campaigns and to
 * service mail (reminders, test mails), which takes only the platform's tokens.
 */
public record SendRate(double platformPerSecond, double hubShare) {
    /** The share of the platform rate one hub's campaigns take when none is configured. */
    public static final double DEFAULT_HUB_SHARE = 0.5;
    /** SES's sending rate of a new production account, when neither SES nor configuration says otherwise. */
    public static final double SES_DEFAULT_RATE = 14;
    /**
     * Tokens one counter item gives out a second. Refused takes cost a write too, and one partition key
     * takes at most 1,000 writes a second: 200 leaves room for four refusals per token.
     */
    static final long TOKENS_PER_SHARD = 200;

    public SendRate {
        if (!(platformPerSecond >= 1) || Double.isInfinite(platformPerSecond)) {
            throw new IllegalArgumentException("the platform send rate is at least 1 mail a second: " + platformPerSecond);
        }
        if (!(hubShare > 0 && hubShare <= 1)) {
            throw new IllegalArgumentException("a hub's share of the send rate is above 0 and at most 1: " + hubShare);
        }
    }

    /** Mails a second for every hub together (SES's rate may be fractional; a started mail counts whole). */
    public long platformLimit() {
        return (long) Math.floor(platformPerSecond);
    }

    /** Campaign mails a second for one hub: its share of the platform rate, at least one. */
    public long hubLimit() {
        return Math.max(1, (long) Math.floor(platformPerSecond * hubShare));
    }

    /** How many counter items the platform's second is split into, so that none takes more than {@link #TOKENS_PER_SHARD}. */
    public int platformShards() {
        return (int) Math.ceilDiv(platformLimit(), TOKENS_PER_SHARD);
    }

    /** The tokens of shard {@code shard}: the platform limit split as evenly as whole tokens allow. */
    public long shardLimit(int shard) {
        int shards = platformShards();
        return platformLimit() / shards + (shard < platformLimit() % shards ? 1 : 0);
    }

    /**
     * The rate from configuration: the configured platform rate when it is lower than SES's (or SES's
     * is unknown: null), else SES's; the configured share, else {@link #DEFAULT_HUB_SHARE}.
     */
    public static SendRate configured(Double sesMaxSendRate, String configuredRate, String configuredShare) {
        Double configured = number(configuredRate, "rate");
        double platform = sesMaxSendRate == null ? (configured == null ? SES_DEFAULT_RATE : configured)
                : configured == null ? sesMaxSendRate : Math.min(configured, sesMaxSendRate);
        Double share = number(configuredShare, "share");
        return new SendRate(platform, share == null ? DEFAULT_HUB_SHARE : share);
    }

    private static Double number(String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the configured send " + what + " is not a number: '" + value + "'", e);
        }
    }
}
