package dev.hubcrm.common;

import java.util.Optional;
import java.util.function.Supplier;

/** Waiting before a retry: exponential with full jitter, capped, so that racing writers spread out. */
public final class Backoff {
    private static final long BASE_MILLIS = 5;
    private static final long CAP_MILLIS = 200;

    private Backoff() {
    }

    /**
     * Runs {@code attempt} (which reads the current state and tries a conditional write) until it
     * answers, pausing before each retry; empty means another write came first.
     *
     * @throws ContentionException with {@code contention} once {@code attempts} tries all lost
     */
    public static <R> R retry(int attempts, Supplier<Optional<R>> attempt, String contention) {
        for (int i = 0; i < attempts; i++) {
            pause(i);
            Optional<R> answer = attempt.get();
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw new ContentionException(contention);
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
