package dev.hubcrm.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * A function run on a schedule, or on the events an EventBridge pattern matches ({@link #onEvents}),
 * with nowhere for a failed run to vanish to. EventBridge invokes
 * the function asynchronously, so a run can fail at two places, and both end in the job's
 * dead-letter queue (encrypted, alarmed as soon as anything is in it):
 * <ul>
 *   <li>EventBridge cannot deliver the event (throttled, function missing): the rule target retries
 *       {@link #RETRY_ATTEMPTS} times within the maximum event age, then sends the event to the queue;</li>
 *   <li>the run itself fails (an exception, a timeout): Lambda's asynchronous invocation retries it
 *       {@link #RETRY_ATTEMPTS} times within the same age, then sends the event and the error to the queue.</li>
 * </ul>
 * The jobs are safe to re-run (they claim what they did), so a retry or a redrive sends nothing twice.
 */
public final class ScheduledJob extends Construct {

    /** Retries after the first attempt, by EventBridge and by Lambda alike. */
    public static final int RETRY_ATTEMPTS = 2;

    private final Rule rule;
    private final Queue deadLetterQueue;

    /**
     * @param target the function's live alias (so SnapStart's published version runs)
     * @param maxEventAge how late a run may still start; past it, the next scheduled run is as good
     *     (at most 6 hours, Lambda's limit for asynchronous events)
     */
    public ScheduledJob(Construct scope, String id, String description, Schedule schedule, Alias target, Duration maxEventAge) {
        this(scope, id, description, schedule, null, target, maxEventAge);
    }

    /** A function run on each event of the default bus that {@code pattern} matches (SES's events, ...). */
    public static ScheduledJob onEvents(Construct scope, String id, String description, EventPattern pattern, Alias target,
            Duration maxEventAge) {
        return new ScheduledJob(scope, id, description, null, pattern, target, maxEventAge);
    }

    private ScheduledJob(Construct scope, String id, String description, Schedule schedule, EventPattern pattern, Alias target,
            Duration maxEventAge) {
        super(scope, id);
        deadLetterQueue = QueueWithDlq.alarmedDeadLetterQueue(this, "DeadLetterQueue", "DeadLetterAlarm",
                "A scheduled run of " + target.getNode().getPath() + " failed for good (" + description
                        + "): the event and its error are in the dead-letter queue " + getNode().getPath());
        NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter destination of a scheduled job (its EventBridge target"
                        + " and its function's asynchronous invocations).")
                .build()));
        rule = Rule.Builder.create(this, schedule == null ? "Rule" : "Schedule")
                .description(description)
                .schedule(schedule)
                .eventPattern(pattern)
                .targets(List.of(software.amazon.awscdk.services.events.targets.LambdaFunction.Builder.create(target)
                        .retryAttempts(RETRY_ATTEMPTS)
                        .maxEventAge(maxEventAge)
                        .deadLetterQueue(deadLetterQueue)
                        .build()))
                .build();
        target.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(maxEventAge)
                .onFailure(new SqsDestination(deadLetterQueue))
                .build());
    }

    public Rule rule() {
        return rule;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
