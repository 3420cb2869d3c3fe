package dev.hubcrm.imports;

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
 * imports (worker): the import queue's consumer. Each message is one chunk of an import; a chunk
 * that fails is reported in {@code batchItemFailures} (the event source has ReportBatchItemFailures
 * on) so that only it comes back, and the others are deleted. A chunk delivered again is harmless
 * ({@link ImportService#process}). When the invocation runs short of time, the chunks not started
 * yet are handed back the same way instead of being cut off mid-way.
 */
public final class ImportWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ImportWorkerHandler.class);
    /** Never start a chunk with less time left than this, nor than twice the longest chunk so far. */
    private static final long MIN_MILLIS_PER_CHUNK = 5_000;

    private final ImportService imports;

    public ImportWorkerHandler() {
        this(AppContext.fromEnvironment());
    }

    public ImportWorkerHandler(AppContext app) {
        this.imports = app.imports();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> work(event, context));
    }

    private SQSBatchResponse work(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        long longest = 0;
        for (SQSEvent.SQSMessage message : messages) {
            if (context != null && context.getRemainingTimeInMillis() < Math.max(MIN_MILLIS_PER_CHUNK, 2 * longest)) {
                LOG.warn("import chunk deferred: the invocation is running out of time", entry("messageId", message.getMessageId()));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            long started = System.nanoTime();
            ImportChunk chunk = null;
            try {
                chunk = ImportJson.chunk(message.getBody());
                ImportService.ChunkResult result = imports.process(chunk, lastAttempt(message));
                long millis = (System.nanoTime() - started) / 1_000_000;
                longest = Math.max(longest, millis);
                LOG.info("import chunk", entry("hubId", chunk.hubId()), entry("importId", chunk.importId()),
                        entry("chunk", chunk.number()), entry("rows", chunk.rows()), entry("result", result.name()),
                        entry("durationMs", millis));
            } catch (RuntimeException e) {
                longest = Math.max(longest, (System.nanoTime() - started) / 1_000_000);
                // Ids and the exception, never the message body: rows hold emails and names.
                LOG.error("import chunk failed; it will be delivered again", entry("messageId", message.getMessageId()),
                        entry("hubId", chunk == null ? null : chunk.hubId()),
                        entry("importId", chunk == null ? null : chunk.importId()),
                        entry("chunk", chunk == null ? null : chunk.number()),
                        entry("receiveCount", Deliveries.receiveCount(message)), entry("exception", e.getClass().getName()),
                        entry("reason", e.getMessage()));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Whether the queue will move this message to its dead-letter queue if it fails once more. */
    static boolean lastAttempt(SQSEvent.SQSMessage message) {
        return Deliveries.lastAttempt(message, ImportService.DELIVERY_ATTEMPTS);
    }
}
