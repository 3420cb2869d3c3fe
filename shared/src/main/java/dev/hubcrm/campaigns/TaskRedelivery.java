package dev.hubcrm.campaigns;

import java.time.Duration;

/** Brings a received queue message back sooner than its queue's visibility timeout would (SQS in AWS, ElasticMQ locally). */
public interface TaskRedelivery {
    /** The message received with {@code receiptHandle} becomes visible again after {@code delay}; throws when the queue refuses. */
    void redeliverAfter(String receiptHandle, Duration delay);
}
