package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.Ids;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The campaign sweep on DynamoDB Local and ElasticMQ: replaying {@code events/scheduled/campaign-sweep.json}
 * starts each due scheduled campaign once (its first snapshot step on the campaign queue), also one
 * whose hour the sweep missed, and nothing not yet due; two sweeps at once, or a sweep and a manual
 * send at once, start it once.
 */
class CampaignSweepHandlerTest {
    private static CampaignEmulators emulators;
    private static AppContext app;
    private static SqsClient sqsClient;
    private static String queueUrl;
    private static CampaignSweepHandler handler;
    private static DynamoCampaignRepository campaigns;
    /** Snapshot steps received so far, by campaign id (the queue is shared by the tests). */
    private static final List<String> SNAPSHOTS = new ArrayList<>();

    private Hub hub;

    @BeforeAll
    static void start() {
        emulators = new CampaignEmulators(message -> {
            throw new AssertionError("the sweep sends no mail");
        });
        app = emulators.app;
        sqsClient = app.sqs();
        queueUrl = emulators.queueUrl;
        handler = new CampaignSweepHandler(app);
        campaigns = emulators.campaigns;
    }

    @AfterAll
    static void stop() {
        emulators.close();
    }

    @BeforeEach
    void newHub() {
        hub = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub();
    }

    /** A campaign of the hub stored as scheduled at {@code at} (the service refuses a time in the past; the store does not). */
    private Campaign scheduled(Instant at) {
        Instant now = Instant.now();
        Campaign campaign = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Spring", "seg_00000000000000000000000000", "Hi",
                "Hello", null, CampaignStatus.SCHEDULED, CampaignStats.NONE, null, false, null, at, now, now, 1);
        campaigns.create(hub.id(), campaign);
        return campaign;
    }

    private String sweep() {
        return handler.handleRequest(Events.load("scheduled/campaign-sweep.json", Map.of(), ScheduledEvent.class),
                new InvocationContext("campaign-sender", 1024));
    }

    private CampaignStatus status(Campaign campaign) {
        return campaigns.find(hub.id(), campaign.id()).orElseThrow().status();
    }

    /** How many first snapshot steps of {@code campaign} were queued. */
    private static long snapshotsQueued(Campaign campaign) {
        for (List<Message> batch = receive(); !batch.isEmpty(); batch = receive()) {
            batch.forEach(message -> SNAPSHOTS.add(CampaignJson.task(message.body()).campaignId()));
        }
        return SNAPSHOTS.stream().filter(campaign.id()::equals).count();
    }

    private static List<Message> receive() {
        return sqsClient.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(600)).messages();
    }

    @Test
    void theSweepStartsADueCampaignOnceAndLeavesOneNotYetDue() {
        Campaign due = scheduled(Instant.now().minusSeconds(30));
        Campaign later = scheduled(Instant.now().plus(Duration.ofHours(1)));

        sweep();
        sweep();

        assertThat(status(due)).isEqualTo(CampaignStatus.SENDING);
        assertThat(snapshotsQueued(due)).isEqualTo(1);
        assertThat(status(later)).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(snapshotsQueued(later)).isZero();
    }

    @Test
    void aCampaignDueInAnHourTheSweepMissedIsStartedByTheNextSweep() {
        Campaign missed = scheduled(Instant.now().minus(Duration.ofHours(3)));

        sweep();

        assertThat(status(missed)).isEqualTo(CampaignStatus.SENDING);
        assertThat(snapshotsQueued(missed)).isEqualTo(1);
    }

    @Test
    void twoConcurrentSweepsStartTheCampaignOnce() throws Exception {
        Campaign due = scheduled(Instant.now().minusSeconds(5));
        Campaign readBeforeEither = campaigns.find(hub.id(), due.id()).orElseThrow();

        List<Integer> started = race(() -> app.campaignSending().sweep(), () -> app.campaignSending().sweep()).stream()
                .map(Integer.class::cast).toList();

        assertThat(started.stream().mapToInt(Integer::intValue).sum()).as("campaigns started by both sweeps").isEqualTo(1);
        assertThatStartFromAnEarlierReadStartsNothing(readBeforeEither);
        assertThat(status(due)).isEqualTo(CampaignStatus.SENDING);
        assertThat(snapshotsQueued(due)).isEqualTo(1);
    }

    @Test
    void aSweepRacingAManualSendStartsTheCampaignOnce() throws Exception {
        Campaign due = scheduled(Instant.now().minusSeconds(5));
        Campaign readBeforeEither = campaigns.find(hub.id(), due.id()).orElseThrow();

        List<Object> outcomes = race(() -> app.campaignSending().sweep(), () -> {
            try {
                return app.campaigns().send(hub.id(), due.id()).status();
            } catch (ConflictException e) {
                return "conflict";
            }
        });

        boolean sweepStarted = Integer.valueOf(1).equals(outcomes.get(0));
        boolean sendStarted = CampaignStatus.SENDING.equals(outcomes.get(1));
        assertThat(sweepStarted ^ sendStarted).as("exactly one of the sweep and the send started it: %s", outcomes).isTrue();
        assertThatStartFromAnEarlierReadStartsNothing(readBeforeEither);
        assertThat(status(due)).isEqualTo(CampaignStatus.SENDING);
        assertThat(snapshotsQueued(due)).isEqualTo(1);
    }

    /**
     * The loser's interleaving made certain: a start (the sweep's or a send's) from a read taken before
     * the winner wrote is refused by the conditional write and queues nothing.
     */
    private void assertThatStartFromAnEarlierReadStartsNothing(Campaign readBefore) {
        assertThatThrownBy(() -> app.campaignSending().start(hub.id(), readBefore)).isInstanceOf(ConflictException.class);
    }

    /** Runs both at once (released together) and answers their results in order. */
    private static List<Object> race(Callable<?> first, Callable<?> second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> task : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return task.call();
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<?> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
