package dev.hubcrm.campaigns;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.common.Deliveries;
import dev.hubcrm.config.AppContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * campaign-sender: the campaign queue's consumer. Each message is a snapshot step or one delivery
 * ({@link CampaignSending}), all of a batch at once; one that fails (SES throttling, a recipient claimed elsewhere, anything
 * else) is reported in {@code batchItemFailures} and comes back after the visibility timeout, and
 * after the queue's last delivery it waits in the dead-letter queue (with an alarm) to be redriven.
 * Logs carry ids and outcomes, never addresses.
 */
public final class CampaignSenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignSenderHandler.class);

    private final CampaignSending sending;

    public CampaignSenderHandler() {
        this(AppContext.fromEnvironment());
    }

    public CampaignSenderHandler(AppContext app) {
        this.sending = app.campaignSending();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> work(event));
    }

    /** The batch's tasks at once (ten at most): each mostly waits on SES, DynamoDB or a send token, so two invocations can keep up with the send rate. */
    private SQSBatchResponse work(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        List<Future<Boolean>> done;
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            done = messages.stream().map(message -> tasks.submit(() -> handled(message))).toList();
        } // closing waits for every task
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!done.get(i).resultNow()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(messages.get(i).getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** One task; false when it failed and is to be delivered again. */
    private boolean handled(SQSEvent.SQSMessage message) {
        CampaignTask task = null;
        try {
            task = CampaignJson.task(message.getBody());
            String outcome = switch (task) {
                case CampaignTask.Snapshot snapshot -> {
                    sending.snapshot(snapshot);
                    yield "snapshot";
                }
                case CampaignTask.Delivery delivery -> sending.deliver(delivery).name();
            };
            LOG.info("campaign task", entry("hubId", task.hubId()), entry("campaignId", task.campaignId()), entry("outcome", outcome));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("campaign task failed; it will be delivered again", entry("messageId", message.getMessageId()),
                    entry("hubId", task == null ? null : task.hubId()), entry("campaignId", task == null ? null : task.campaignId()),
                    entry("receiveCount", Deliveries.receiveCount(message)), entry("error", e.getClass().getName()));
            return false;
        }
    }
}
