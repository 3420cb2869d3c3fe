package dev.hubcrm.imports;

import dev.hubcrm.common.Backoff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The import queue on SQS: SendMessageBatch (10 messages, 256 KB a call), entries that fail retried with backoff. */
public final class SqsImportQueue implements ImportQueue {
    /** SendMessageBatch takes up to 10 entries. */
    private static final int BATCH_ENTRIES = 10;
    /** And up to 256 KiB of payload in total; leave room for the request around them. */
    static final int BATCH_BYTES = 240 * 1024;
    private static final int ATTEMPTS = 6;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsImportQueue(SqsClient sqs, String queueUrl) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalStateException("no import queue configured (HUBCRM_IMPORT_QUEUE_URL)");
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(List<String> messages) {
        List<String> batch = new ArrayList<>();
        int bytes = 0;
        for (String message : messages) {
            int size = message.getBytes(StandardCharsets.UTF_8).length;
            if (!batch.isEmpty() && (batch.size() == BATCH_ENTRIES || bytes + size > BATCH_BYTES)) {
                sendBatch(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(message);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            sendBatch(batch);
        }
    }

    private void sendBatch(List<String> messages) {
        Map<String, SendMessageBatchRequestEntry> pending = new java.util.LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String id = Integer.toString(i);
            pending.put(id, SendMessageBatchRequestEntry.builder().id(id).messageBody(messages.get(i)).build());
        }
        List<BatchResultErrorEntry> failed = List.of();
        for (int attempt = 0; attempt < ATTEMPTS && !pending.isEmpty(); attempt++) {
            Backoff.pause(attempt);
            List<SendMessageBatchRequestEntry> entries = List.copyOf(pending.values());
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            response.successful().forEach(ok -> pending.remove(ok.id()));
            failed = response.failed();
            if (failed.stream().anyMatch(BatchResultErrorEntry::senderFault)) {
                break;
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("SQS refused " + pending.size() + " import message(s): "
                    + failed.stream().map(f -> f.code() + " " + f.message()).collect(Collectors.joining("; ")));
        }
    }
}
