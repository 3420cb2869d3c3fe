package dev.hubcrm.quotas;

/** A hub used up a quota: the request is refused until the window ends (answered 429 with {@code Retry-After}). */
public final class QuotaExceededException extends RuntimeException {
    private final transient Quota quota;
    private final long retryAfterSeconds;

    public QuotaExceededException(Quota quota, long retryAfterSeconds) {
        super("at most " + quota.limit() + " " + quota.name() + " per " + describe(quota) + "; retry in " + retryAfterSeconds + " s");
        this.quota = quota;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Quota quota() {
        return quota;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static String describe(Quota quota) {
        long seconds = quota.window().toSeconds();
        return seconds % 3600 == 0 ? (seconds / 3600 == 1 ? "hour" : seconds / 3600 + " hours")
                : seconds % 60 == 0 ? (seconds / 60 == 1 ? "minute" : seconds / 60 + " minutes")
                : seconds + " seconds";
    }
}
