package dev.hubcrm.pacing;

import dev.hubcrm.mail.MailNotSentException;
import dev.hubcrm.quotas.QuotaCounter;
import dev.hubcrm.quotas.SendRateCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Send tokens per second (ADR 27): every mail takes one of the platform's ({@link #awaitPlatformToken},
 * the mail port does it for service mail), and a campaign mail one of its hub's share with it
 * ({@link #awaitCampaignToken}). Each is one conditional UpdateItem on a counter of the current
 * second (never a read then a write); when the second's tokens are gone the caller waits for the next
 * second, at most {@link #MAX_WAIT}, and is then refused as a retryable {@link MailNotSentException},
 * so the recipient comes back through its queue.
 */
public final class SendPacing {
    /**
     * The longest a mail waits for a token in its invocation: a few seconds of a hub's share being
     * taken by its other deliveries; longer means the platform is busy, and the queue redelivers.
     */
    public static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final String PLATFORM_COUNTER = "send-rate";
    static final String CAMPAIGN_COUNTER = "campaign-send-rate";

    /** How the caller waits for the next second: {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final QuotaCounter hubCounter;
    private final SendRateCounter rateCounter;
    private final Supplier<SendRate> rate;
    private final Clock clock;
    private final Sleeper sleeper;

    /** @param rate read on first use (SES's GetAccount), so a function that sends nothing never asks */
    public SendPacing(QuotaCounter hubCounter, SendRateCounter rateCounter, Supplier<SendRate> rate, Clock clock, Sleeper sleeper) {
        this.hubCounter = hubCounter;
        this.rateCounter = rateCounter;
        this.rate = rate;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * One of the hub's campaign tokens and one of the platform's, both of this second, waiting for a
     * later second if need be. A hub token whose platform token is refused goes back: kept, it would be
     * a mail of the hub's share that the second never sends.
     */
    public void awaitCampaignToken(String hubId) {
        await(() -> {
            long second = clock.instant().getEpochSecond();
            if (!hubCounter.countIfBelow(hubId, CAMPAIGN_COUNTER, null, second, rate.get().hubLimit(), Instant.ofEpochSecond(second + 1))) {
                return false;
            }
            if (takePlatformToken()) {
                return true;
            }
            rateCounter.uncount(hubId, CAMPAIGN_COUNTER, second);
            return false;
        }, "the hub's campaign");
    }

    /** A hub's campaign tokens of one second: how many of its deliveries are worth having under way at once. */
    public long campaignTokensPerSecond() {
        return rate.get().hubLimit();
    }

    /** One of the platform's tokens of this second (every mail), waiting for a later second if need be. */
    public void awaitPlatformToken() {
        await(this::takePlatformToken, "the platform's");
    }

    /** Tries the shards from a random one on, so that concurrent senders spread over them; false once all are used up. */
    private boolean takePlatformToken() {
        SendRate current = rate.get();
        long second = clock.instant().getEpochSecond();
        int shards = current.platformShards();
        int first = ThreadLocalRandom.current().nextInt(shards);
        for (int i = 0; i < shards; i++) {
            int shard = (first + i) % shards;
            if (rateCounter.countPlatformIfBelow(PLATFORM_COUNTER, second, shard, current.shardLimit(shard), Instant.ofEpochSecond(second + 1))) {
                return true;
            }
        }
        return false;
    }

    private void await(BooleanSupplier take, String whose) {
        Instant deadline = clock.instant().plus(MAX_WAIT);
        while (!take.getAsBoolean()) {
            Instant now = clock.instant();
            Instant nextSecond = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            if (nextSecond.isAfter(deadline)) {
                throw new MailNotSentException("no send token of " + whose + " rate within " + MAX_WAIT.toSeconds() + " s", true, null);
            }
            try {
                sleeper.sleep(Duration.between(now, nextSecond));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MailNotSentException("interrupted while waiting for a send token", true, e);
            }
        }
    }
}
