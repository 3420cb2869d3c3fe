package dev.hubcrm.pacing;

import dev.hubcrm.mail.MailNotSentException;
import dev.hubcrm.quotas.SendRateCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Send tokens per second (ADR 27): every mail takes one of the platform's ({@link #awaitPlatformToken},
 * the mail port does it for service mail), and a campaign mail one of its hub's share with it
 * ({@link #campaignTokens}, which takes them for all of an invocation's waiting deliveries at once). A take
 * is one conditional UpdateItem on a counter of the current second (never a read then a write); when the
 * second's tokens are gone the caller waits for the next second, at most {@link #MAX_WAIT}, and is then
 * refused as a retryable {@link MailNotSentException}, so the recipient comes back through its queue.
 */
public final class SendPacing {
    /**
     * The longest a mail waits for a token in its invocation: a few seconds of a hub's share being
     * taken by its other deliveries; longer means the platform is busy, and the queue redelivers.
     */
    public static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final String PLATFORM_COUNTER = "send-rate";
    public static final String CAMPAIGN_COUNTER = "campaign-send-rate";

    /** How the caller waits for the next second: {@code Thread::sleep} in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SendRateCounter counter;
    private final Supplier<SendRate> rate;
    private final Clock clock;
    private final Sleeper sleeper;

    /** @param rate read on first use (SES's GetAccount), so a function that sends nothing never asks */
    public SendPacing(SendRateCounter counter, Supplier<SendRate> rate, Clock clock, Sleeper sleeper) {
        this.counter = counter;
        this.rate = rate;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * The campaign tokens of one sender invocation: its deliveries wait there, and it takes the tokens for all that
     * wait in one go ({@link CampaignTokens}).
     */
    public CampaignTokens campaignTokens() {
        return new CampaignTokens(this);
    }

    /**
     * Up to {@code wanted} of the hub's campaign tokens of {@code second} and as many of the platform's; answers how
     * many it got of both. Hub tokens whose platform tokens are refused go back: kept, they would be mails of the hub's
     * share that the second never sends.
     */
    long takeCampaignTokens(String hubId, long second, long wanted) {
        long hub = counter.countUpTo(hubId, CAMPAIGN_COUNTER, second, wanted, rate.get().hubLimit(), Instant.ofEpochSecond(second + 1));
        long both = hub == 0 ? 0 : takePlatformTokens(second, hub);
        if (both < hub) {
            counter.uncount(hubId, CAMPAIGN_COUNTER, second, hub - both);
        }
        return both;
    }

    /** A hub's campaign tokens of one second: how many of its deliveries are worth having under way at once. */
    public long campaignTokensPerSecond() {
        return rate.get().hubLimit();
    }

    /** One of the platform's tokens of this second (every mail), waiting for a later second if need be. */
    public void awaitPlatformToken() {
        Instant deadline = clock.instant().plus(MAX_WAIT);
        while (takePlatformTokens(clock.instant().getEpochSecond(), 1) == 0) {
            awaitNextSecond(deadline, "the platform's");
        }
    }

    /** Up to {@code wanted} of the platform's tokens of {@code second}, over its shards from a random one on, so that concurrent senders spread. */
    private long takePlatformTokens(long second, long wanted) {
        SendRate current = rate.get();
        int shards = current.platformShards();
        int first = ThreadLocalRandom.current().nextInt(shards);
        long taken = 0;
        for (int i = 0; i < shards && taken < wanted; i++) {
            int shard = (first + i) % shards;
            taken += counter.countPlatformUpTo(PLATFORM_COUNTER, second, shard, wanted - taken, current.shardLimit(shard),
                    Instant.ofEpochSecond(second + 1));
        }
        return taken;
    }

    /** Waits until the next second, unless that is past {@code deadline}: then the mail is refused as retryable. */
    void awaitNextSecond(Instant deadline, String whose) {
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

    Instant now() {
        return clock.instant();
    }
}
