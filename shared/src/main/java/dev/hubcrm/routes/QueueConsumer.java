package dev.hubcrm.routes;

import java.time.Duration;

/**
 * How Lambda feeds a function from its SQS queue: the event source mapping's batch size, maximum
 * batching window and maximum concurrency, and the function's timeout. The CDK stack, the local
 * server and the benchmarks all read the one value here, so what is measured is what is deployed.
 */
public record QueueConsumer(int batchSize, Duration maxBatchingWindow, int maxConcurrency, Duration functionTimeout) {
    /** What one ReceiveMessage call gives at most; a larger batch is gathered over the batching window. */
    public static final int RECEIVE_MAX = 10;

    /**
     * The campaign sender (ADR 27, amended): batches of 100 gathered for at most a second, two
     * invocations at once. A batch's tasks are worked a rate-derived number at a time
     * ({@code CampaignBatch}), so a slow send holds one slot, not its batch; one second is what
     * Lambda's batching window takes at least, and at 100 mails a second the queue fills a batch well within it.
     */
    public static final QueueConsumer CAMPAIGN_SENDER = new QueueConsumer(100, Duration.ofSeconds(1), 2, Duration.ofMinutes(1));

    public QueueConsumer {
        if (batchSize < 1 || maxConcurrency < 1 || maxBatchingWindow.isNegative() || !functionTimeout.isPositive()) {
            throw new IllegalArgumentException("not an event source: " + batchSize + ", " + maxBatchingWindow + ", " + maxConcurrency);
        }
        if (batchSize > RECEIVE_MAX && maxBatchingWindow.isZero()) {
            throw new IllegalArgumentException("Lambda takes a batch above " + RECEIVE_MAX + " only with a batching window");
        }
    }

    /** One message at a time or a few, without a window: what the import and export workers take. */
    public static QueueConsumer unbatched(int batchSize, int maxConcurrency, Duration functionTimeout) {
        return new QueueConsumer(batchSize, Duration.ZERO, maxConcurrency, functionTimeout);
    }
}
