package dev.hubcrm.exports;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.common.Deliveries;
import dev.hubcrm.config.AppContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * exports (worker): the export queue's consumer. Each message is one export, written whole in one
 * invocation ({@link ExportService#run}); the stack hands it one message at a time. An export that
 * fails is reported in {@code batchItemFailures} and comes back (starting over) until its last
 * delivery, which marks it failed instead. An export that would not finish before the invocation's
 * timeout stops as failed with the reason, {@link #RESERVE_MILLIS} before it, rather than being cut off.
 */
public final class ExportWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ExportWorkerHandler.class);
    /** Time kept for writing the file from the spool and uploading it once every customer is read. */
    static final long RESERVE_MILLIS = 120_000;

    private final ExportService exports;

    public ExportWorkerHandler() {
        this(AppContext.fromEnvironment());
    }

    public ExportWorkerHandler(AppContext app) {
        this.exports = app.exports();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> work(event, context));
    }

    private SQSBatchResponse work(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            long started = System.nanoTime();
            ExportJson.Task task = null;
            try {
                task = ExportJson.task(message.getBody());
                ExportService.RunResult result = exports.run(task.hubId(), task.exportId(),
                        () -> context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS, lastAttempt(message));
                LOG.info("export", entry("hubId", task.hubId()), entry("exportId", task.exportId()),
                        entry("result", result.name()), entry("durationMs", (System.nanoTime() - started) / 1_000_000));
            } catch (RuntimeException e) {
                LOG.error("export failed; it will be delivered again", entry("messageId", message.getMessageId()),
                        entry("hubId", task == null ? null : task.hubId()),
                        entry("exportId", task == null ? null : task.exportId()),
                        entry("receiveCount", Deliveries.receiveCount(message)), entry("exception", e.getClass().getName()),
                        entry("reason", e.getMessage()));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Whether the queue will move this message to its dead-letter queue if it fails once more. */
    static boolean lastAttempt(SQSEvent.SQSMessage message) {
        return Deliveries.lastAttempt(message, ExportService.DELIVERY_ATTEMPTS);
    }
}
