package dev.hubcrm.campaigns;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.hubcrm.pacing.SendPacing;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sender invocation's batch of campaign tasks (ADR 27, amended). The tasks run a number at a time
 * that follows the hub's send rate ({@link #atOnce}): each slot a task frees goes to the batch's next
 * task, so a slow send (SES throttling, the SDK's backoff) holds its slot, not its batch. A delivery
 * SES refused for now comes back after {@link #FIRST_RETRY_AFTER} the first time rather than after the
 * queue's visibility timeout, and a task that could no longer finish within the invocation is not
 * started but handed back at once. Logs carry ids and outcomes, never addresses.
 */
public final class CampaignBatch {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignBatch.class);
    /** Tasks at once at the lowest rates: snapshot steps and skipped recipients take no token, and ten kept 14/s (ADR 27). */
    static final int MIN_AT_ONCE = 10;
    /** Seconds of the hub's tokens an invocation's tasks in flight may use (see {@link #atOnce}). */
    static final int SECONDS_IN_FLIGHT = 2;
    /** What a task may need of the invocation: the longest token wait and a send with the SDK's retries. */
    static final Duration TASK_BUDGET = SendPacing.MAX_WAIT.plusSeconds(10);
    /**
     * When a delivery SES refused for now (after the SDK's retries) comes back, its first time: soon, so the
     * campaign's end does not wait for the queue's visibility timeout; a second refusal waits for that timeout,
     * so that a long outage of SES still takes the queue's five receives' worth of time before the dead-letter queue.
     */
    static final Duration FIRST_RETRY_AFTER = Duration.ofSeconds(1);

    /** A received queue message: its id, its receipt handle (to bring it back sooner), its body and how often it came. */
    public record Task(String messageId, String receiptHandle, String body, int receiveCount) {
    }

    private final CampaignSending sending;
    private final SendPacing pacing;
    private final TaskRedelivery redelivery;
    private final int invocations;

    /** @param invocations how many sender invocations run at once at most (the event source's maximum concurrency) */
    public CampaignBatch(CampaignSending sending, SendPacing pacing, TaskRedelivery redelivery, int invocations) {
        this.sending = sending;
        this.pacing = pacing;
        this.redelivery = redelivery;
        this.invocations = invocations;
    }

    /**
     * How many tasks an invocation runs at once: its part of {@link #SECONDS_IN_FLIGHT} seconds of the hub's campaign
     * tokens, at least {@link #MIN_AT_ONCE}, at most the batch. Tasks in flight are the rate times a delivery's time, so
     * one second's worth holds the rate only while a delivery takes less than a second; two keep it up to two seconds (a
     * throttled send's backoff, a loaded store). More would only wait for tokens, up to {@link SendPacing#MAX_WAIT}.
     */
    static int atOnce(long hubTokensPerSecond, int invocations, int batchSize) {
        long share = Math.ceilDiv(hubTokensPerSecond * SECONDS_IN_FLIGHT, invocations);
        return (int) Math.max(1, Math.min(batchSize, Math.max(MIN_AT_ONCE, share)));
    }

    /**
     * Works {@code tasks}; answers the message ids that are to be delivered again, in the batch's order.
     *
     * @param remaining what is left of the invocation's time, asked before each task starts
     */
    public List<String> work(List<Task> tasks, Supplier<Duration> remaining) {
        Semaphore slots = new Semaphore(atOnce(pacing.campaignTokensPerSecond(), invocations, tasks.size()));
        Set<String> again = ConcurrentHashMap.newKeySet();
        CampaignSending.Round round = sending.round();
        try (ExecutorService running = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Task task : tasks) {
                slots.acquireUninterruptibly();
                if (remaining.get().compareTo(TASK_BUDGET) < 0) {
                    slots.release();
                    again.add(task.messageId());
                    redeliver(task, Duration.ZERO);
                    continue;
                }
                running.submit(() -> {
                    try {
                        if (!done(task, round)) {
                            again.add(task.messageId());
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        } // closing waits for every task
        try {
            round.finish();
        } catch (RuntimeException e) {
            // Every task comes back: its claim finds its recipient done, and the next round checks the campaigns again.
            LOG.warn("campaigns of this batch not checked for their end; the batch will be delivered again",
                    entry("exception", e.getClass().getName()));
            return tasks.stream().map(Task::messageId).toList();
        }
        return tasks.stream().map(Task::messageId).filter(again::contains).toList();
    }

    /** One task; false when it is to be delivered again. */
    private boolean done(Task task, CampaignSending.Round round) {
        CampaignTask parsed = null;
        try {
            parsed = CampaignJson.task(task.body());
            CampaignSending.Outcome outcome = switch (parsed) {
                case CampaignTask.Snapshot snapshot -> {
                    sending.snapshot(snapshot);
                    yield null;
                }
                case CampaignTask.Delivery delivery -> round.deliver(delivery);
            };
            LOG.info("campaign task", entry("hubId", parsed.hubId()), entry("campaignId", parsed.campaignId()),
                    entry("outcome", outcome == null ? "snapshot" : outcome.name()));
            if (outcome == CampaignSending.Outcome.HANDED_BACK) {
                if (task.receiveCount() <= 1) {
                    redeliver(task, FIRST_RETRY_AFTER);
                }
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn("campaign task failed; it will be delivered again", entry("messageId", task.messageId()),
                    entry("hubId", parsed == null ? null : parsed.hubId()), entry("campaignId", parsed == null ? null : parsed.campaignId()),
                    entry("receiveCount", task.receiveCount()), entry("exception", e.getClass().getName()));
            return false;
        }
    }

    /** Best effort: a message the queue does not bring back sooner still comes back after its visibility timeout. */
    private void redeliver(Task task, Duration delay) {
        try {
            redelivery.redeliverAfter(task.receiptHandle(), delay);
        } catch (RuntimeException e) {
            LOG.warn("campaign task not brought back sooner; it comes back after the queue's visibility timeout",
                    entry("messageId", task.messageId()), entry("exception", e.getClass().getName()));
        }
    }
}
