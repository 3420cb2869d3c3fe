package dev.hubcrm.campaigns;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.common.Deliveries;
import dev.hubcrm.config.AppContext;
import java.time.Duration;
import java.util.List;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * campaign-sender: the campaign queue's consumer. Each message is a snapshot step or one delivery
 * ({@link CampaignSending}), worked by {@link CampaignBatch} a rate-derived number at a time; one that
 * fails (SES refusing for now, no send token, a recipient claimed elsewhere, anything else) is reported
 * in {@code batchItemFailures} and comes back, and after the queue's last delivery it waits in the
 * dead-letter queue (with an alarm) to be redriven.
 */
public final class CampaignSenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final CampaignBatch batch;

    public CampaignSenderHandler() {
        this(AppContext.fromEnvironment());
    }

    public CampaignSenderHandler(AppContext app) {
        this.batch = app.campaignBatch();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
            List<String> again = batch.work(messages.stream().map(message -> new CampaignBatch.Task(message.getMessageId(),
                    message.getReceiptHandle(), message.getBody(), Deliveries.receiveCount(message))).toList(),
                    () -> Duration.ofMillis(context.getRemainingTimeInMillis()));
            return new SQSBatchResponse(again.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
        });
    }
}
