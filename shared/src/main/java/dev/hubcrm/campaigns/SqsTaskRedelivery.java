package dev.hubcrm.campaigns;

import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link TaskRedelivery} on SQS: ChangeMessageVisibility of the received message. */
public final class SqsTaskRedelivery implements TaskRedelivery {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsTaskRedelivery(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void redeliverAfter(String receiptHandle, Duration delay) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout((int) delay.toSeconds()));
    }
}
