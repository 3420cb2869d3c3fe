package dev.hubcrm.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * An SQS work queue with its dead-letter queue and an alarm that fires as soon as anything lands
 * there. Every asynchronous path (imports, campaign sending) goes through one, so no message is
 * ever dropped silently.
 */
public final class QueueWithDlq extends Construct {

    /** A message that failed this many times is parked in the DLQ instead of retried forever. */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** The longest SQS allows, to leave time to investigate and redrive. */
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    private final Queue queue;
    private final Queue deadLetterQueue;

    /**
     * @param visibilityTimeout at least six times the consuming function's timeout (AWS guidance for
     *     Lambda event sources), so a batch is not redelivered while it is still being worked on
     */
    public QueueWithDlq(Construct scope, String id, Duration visibilityTimeout) {
        super(scope, id);
        deadLetterQueue = alarmedDeadLetterQueue(this, "DeadLetterQueue", "DeadLetterAlarm",
                "Messages are waiting in the dead-letter queue of " + getNode().getPath());
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(visibilityTimeout)
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(deadLetterQueue)
                        .maxReceiveCount(MAX_RECEIVE_COUNT)
                        .build())
                .build();
    }

    /**
     * An encrypted, TLS-only queue that keeps what failed for {@link #DEAD_LETTER_RETENTION}, with an
     * alarm as soon as anything is in it: the dead end of every asynchronous path.
     */
    static Queue alarmedDeadLetterQueue(Construct scope, String queueId, String alarmId, String alarmDescription) {
        Queue deadLetters = Queue.Builder.create(scope, queueId)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .build();
        Alarm.Builder.create(scope, alarmId)
                .alarmDescription(alarmDescription)
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum")
                        .period(Duration.minutes(1))
                        .build()))
                .threshold(0)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        return deadLetters;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
