package dev.hubcrm.pacing;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One sender invocation's campaign tokens (ADR 27, amended): its deliveries wait here for a token of their hub's
 * share and one of the platform's, and one of them takes tokens for every delivery then waiting, in one take of
 * each counter, while the others wait for it. A second's tokens then cost an invocation a few writes, not two writes
 * a mail plus one per refused try; and since only deliveries already waiting are counted, no token is taken that
 * nobody uses. When the counters have no more this second, the deliveries wait for the next, at most
 * {@link SendPacing#MAX_WAIT}.
 */
public final class CampaignTokens {
    private final SendPacing pacing;
    private final Map<String, HubTokens> hubs = new ConcurrentHashMap<>();

    CampaignTokens(SendPacing pacing) {
        this.pacing = pacing;
    }

    /**
     * Waits for one token of the hub's campaign share and one of the platform's.
     *
     * @throws dev.hubcrm.mail.MailNotSentException retryable: no token within {@link SendPacing#MAX_WAIT}
     */
    public void await(String hubId) {
        hubs.computeIfAbsent(hubId, HubTokens::new).await(pacing.now().plus(SendPacing.MAX_WAIT));
    }

    /** One hub's tokens in this invocation. A lock, not {@code synchronized}: the waits are virtual threads' and no I/O runs under it. */
    private final class HubTokens {
        private final String hubId;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition taken = lock.newCondition();
        /** Tokens taken and not handed out yet. */
        private long held;
        /** Deliveries in {@link #await}, each to get a token. */
        private int waiting;
        /** Whether a delivery is taking tokens for the others now. */
        private boolean taking;
        /** The last second in which a take got fewer than it asked: the counters have none left for it. */
        private long usedUpSecond = Long.MIN_VALUE;

        HubTokens(String hubId) {
            this.hubId = hubId;
        }

        void await(Instant deadline) {
            lock.lock();
            waiting++;
            try {
                while (held == 0) {
                    long second = pacing.now().getEpochSecond();
                    if (taking) {
                        taken.awaitUninterruptibly();
                    } else if (usedUpSecond == second) {
                        lock.unlock();
                        try {
                            pacing.awaitNextSecond(deadline, "the hub's campaign");
                        } finally {
                            lock.lock();
                        }
                    } else {
                        take(second);
                    }
                }
                held--;
            } finally {
                waiting--;
                lock.unlock();
            }
        }

        /** Takes a token for each delivery waiting, outside the lock; the others wait for it on {@link #taken}. */
        private void take(long second) {
            long wanted = waiting;
            taking = true;
            lock.unlock();
            long got = 0;
            try {
                got = pacing.takeCampaignTokens(hubId, second, wanted);
            } finally {
                lock.lock();
                taking = false;
                held += got;
                if (got < wanted) {
                    usedUpSecond = Math.max(usedUpSecond, second);
                }
                taken.signalAll();
            }
        }
    }
}
