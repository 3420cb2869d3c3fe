package dev.hubcrm.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.mail.MailNotSentException;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.SendRateCounter;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Send tokens counted on DynamoDB Local (ADR 27): exactly the rate per second under concurrency, over
 * the platform's shards; a hub's campaigns held to their share while another hub's campaign and
 * service mail go on; waiting for the next second, and a refusal the queue retries after
 * {@link SendPacing#MAX_WAIT}. Time is a {@link MutableClock} that the waits move on.
 */
class SendPacingTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-12-03T10:17:30.250Z");
    private final List<Duration> waits = new ArrayList<>();
    private String table;

    @BeforeEach
    void freshTable() {
        table = dynamo.freshTable();
    }

    private SendPacing pacing(SendRate rate, SendPacing.Sleeper sleeper) {
        return new SendPacing(new DynamoQuotaCounter(dynamo.client(), table), () -> rate, clock, sleeper);
    }

    /** Waits by moving the clock on, and remembers how long each wait was. */
    private void advance(Duration wait) {
        waits.add(wait);
        clock.advance(wait);
    }

    /** What a sleeper throws in the concurrent test, where a wait would move one clock under every thread. */
    private static final class WouldWait extends RuntimeException {
        WouldWait(Duration wait) {
            super("would wait " + wait);
        }
    }

    @Test
    void ofManyConcurrentMailsInOneSecondExactlyThePlatformRateGetATokenOverItsShards() throws InterruptedException {
        SendPacing pacing = pacing(new SendRate(450, 1), wait -> {
            throw new WouldWait(wait);
        });

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(600, () -> {
            pacing.awaitPlatformToken();
            return true;
        });

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(450);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(150)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(WouldWait.class).hasMessage("would wait PT0.75S"));
        long second = clock.instant().getEpochSecond();
        for (int shard = 0; shard < 3; shard++) {
            String partition = "PLATFORM#send-rate#" + second + "#" + shard;
            AttributeValue count = dynamo.client().getItem(r -> r.tableName(table).key(Map.of(
                    TableDesign.PARTITION_KEY, AttributeValue.fromS(partition),
                    TableDesign.SORT_KEY, AttributeValue.fromS("COUNTER")))).item().get("count");
            assertThat(count.n()).as("shard " + shard).isEqualTo("150");
        }
    }

    @Test
    void aHubAtItsShareWaitsForTheNextSecondWhileAnotherHubsCampaignAndServiceMailGoOn() {
        SendPacing pacing = pacing(new SendRate(12, 0.25), this::advance);
        CampaignTokens tokens = pacing.campaignTokens();
        for (int i = 0; i < 3; i++) {
            tokens.await("hub_big");
        }
        assertThat(waits).isEmpty();
        for (int i = 0; i < 3; i++) {
            pacing.campaignTokens().await("hub_small");
        }
        for (int i = 0; i < 6; i++) {
            pacing.awaitPlatformToken();
        }
        assertThat(waits).as("the other hub's 3 and 6 reminders in the same second").isEmpty();

        tokens.await("hub_big");

        assertThat(waits).containsExactly(Duration.ofMillis(750));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-03T10:17:31Z"));
    }

    @Test
    void aHubTokenWhosePlatformTokenIsRefusedGoesBackAndBothAreTakenInTheNextSecond() {
        SendPacing pacing = pacing(new SendRate(4, 1), this::advance);
        for (int i = 0; i < 4; i++) {
            pacing.awaitPlatformToken();
        }
        long second = clock.instant().getEpochSecond();

        pacing.campaignTokens().await("hub_a");

        assertThat(waits).containsExactly(Duration.ofMillis(750));
        assertThat(hubTokens("hub_a", second)).as("given back").isEqualTo("0");
        assertThat(hubTokens("hub_a", second + 1)).isEqualTo("1");
    }

    @Test
    void twoInvocationsManyDeliveriesWaitingTakeExactlyTheHubsShareInAFewTakesAndTheCountersHoldWhatWasHandedOut()
            throws InterruptedException {
        AtomicInteger takes = new AtomicInteger();
        DynamoQuotaCounter counter = new DynamoQuotaCounter(dynamo.client(), table);
        SendRateCounter counted = new SendRateCounter() {
            @Override
            public long countUpTo(String hubId, String counterName, long windowIndex, long uses, long limit, Instant expiresAt) {
                takes.incrementAndGet();
                return counter.countUpTo(hubId, counterName, windowIndex, uses, limit, expiresAt);
            }

            @Override
            public long countPlatformUpTo(String counterName, long windowIndex, int shard, long uses, long limit, Instant expiresAt) {
                takes.incrementAndGet();
                return counter.countPlatformUpTo(counterName, windowIndex, shard, uses, limit, expiresAt);
            }

            @Override
            public void uncount(String hubId, String counterName, long windowIndex, long uses) {
                counter.uncount(hubId, counterName, windowIndex, uses);
            }
        };
        SendPacing pacing = new SendPacing(counted, () -> new SendRate(600, 0.5), clock, wait -> {
            throw new WouldWait(wait);
        });
        List<CampaignTokens> invocations = List.of(pacing.campaignTokens(), pacing.campaignTokens());
        AtomicInteger next = new AtomicInteger();

        List<Concurrently.Outcome<Boolean>> outcomes = Concurrently.run(400, () -> {
            invocations.get(next.getAndIncrement() % 2).await("hub_big");
            return true;
        });

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(300);
        assertThat(outcomes).filteredOn(o -> !o.succeeded()).hasSize(100)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(WouldWait.class));
        long second = clock.instant().getEpochSecond();
        assertThat(hubTokens("hub_big", second)).as("the hub's counter holds what was handed out").isEqualTo("300");
        assertThat(platformTokens(second, 0) + platformTokens(second, 1) + platformTokens(second, 2)).isEqualTo(300);
        assertThat(takes.get()).as("counter takes for 400 deliveries (one a token and one a refusal would be 800 and more)")
                .isLessThan(100);
    }

    private long platformTokens(long second, int shard) {
        Map<String, AttributeValue> item = dynamo.client().getItem(r -> r.tableName(table).key(Map.of(
                TableDesign.PARTITION_KEY, AttributeValue.fromS("PLATFORM#send-rate#" + second + "#" + shard),
                TableDesign.SORT_KEY, AttributeValue.fromS("COUNTER")))).item();
        return item.containsKey("count") ? Long.parseLong(item.get("count").n()) : 0;
    }

    private String hubTokens(String hubId, long second) {
        return dynamo.client().getItem(r -> r.tableName(table).key(Map.of(
                TableDesign.PARTITION_KEY, AttributeValue.fromS(TableDesign.hubPartition(hubId)),
                TableDesign.SORT_KEY, AttributeValue.fromS("QUOTA#campaign-send-rate#" + second)))).item().get("count").n();
    }

    @Test
    void aMailThatGetsNoTokenWithinTheLongestWaitIsARetryableRefusal() {
        AtomicInteger secondsWaited = new AtomicInteger();
        SendRate rate = new SendRate(2, 1);
        SendPacing competitor = pacing(rate, this::advance);
        // Each new second, another sender takes both tokens first.
        SendPacing pacing = pacing(rate, wait -> {
            advance(wait);
            secondsWaited.incrementAndGet();
            competitor.awaitPlatformToken();
            competitor.awaitPlatformToken();
        });
        competitor.awaitPlatformToken();
        competitor.awaitPlatformToken();

        assertThatThrownBy(pacing::awaitPlatformToken).isInstanceOfSatisfying(MailNotSentException.class,
                refused -> assertThat(refused.retryable()).isTrue());
        assertThat(secondsWaited.get()).as("the seconds that started within 10 s").isEqualTo(10);
        assertThat(clock.instant()).isBefore(Instant.parse("2026-12-03T10:17:30.250Z").plus(SendPacing.MAX_WAIT));
    }
}
