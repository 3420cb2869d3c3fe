package dev.hubcrm.common;

/** Waiting before a retry: exponential with full jitter, capped, so that racing writers spread out. */
public final class Backoff {
    private static final long BASE_MILLIS = 5;
    private static final long CAP_MILLIS = 200;

    private Backoff() {
    }

    /** Sleeps before retry {@code attempt} (none before the first). */
    public static void pause(int attempt) {
        if (attempt > 0) {
            long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 10));
            try {
                Thread.sleep((long) (Math.random() * ceiling) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to retry", e);
            }
        }
    }
}
