package dev.hubcrm.quotas;

import java.time.Clock;
import java.time.Instant;

/**
 * Fairness between hubs on expensive operations: {@link #take} counts one use of a {@link Quota}
 * and refuses it once the hub has used the quota up in the current window. A service calls it
 * before the expensive part, one line: {@code quotas.take(hubId, Quota.IMPORTS);}.
 */
public final class Quotas {
    private final QuotaCounter counter;
    private final Clock clock;

    public Quotas(QuotaCounter counter, Clock clock) {
        this.counter = counter;
        this.clock = clock;
    }

    /** What {@link #checkAndCount} decided: allowed (and counted), or refused until the window ends. */
    public sealed interface Decision {
        record Allowed() implements Decision {
        }

        record RetryAfter(long seconds) implements Decision {
        }
    }

    /** Counts one use of {@code quota} by the hub ({@code subject} null) or by one subject of it, unless used up. */
    public Decision checkAndCount(String hubId, Quota quota, String subject) {
        Instant now = clock.instant();
        Quota.Window window = quota.windowAt(now);
        return counter.countIfBelow(hubId, quota.name(), subject, window.index(), quota.limit(), window.end())
                ? new Decision.Allowed()
                : new Decision.RetryAfter(window.secondsLeft(now));
    }

    /** One use of the hub's {@code quota}; throws {@link QuotaExceededException} when it is used up. */
    public void take(String hubId, Quota quota) {
        take(hubId, quota, null);
    }

    /** One use of {@code quota} by {@code subject} (a customer) of the hub. */
    public void take(String hubId, Quota quota, String subject) {
        if (checkAndCount(hubId, quota, subject) instanceof Decision.RetryAfter refused) {
            throw new QuotaExceededException(quota, refused.seconds());
        }
    }
}
