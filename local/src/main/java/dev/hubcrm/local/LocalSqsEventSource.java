package dev.hubcrm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a Lambda SQS event source mapping with {@code ReportBatchItemFailures} does, against the
 * embedded ElasticMQ: pollers long-poll the queue, hand each batch to the function's real handler
 * as an {@link SQSEvent} (message id, receipt handle, body, MD5, system attributes such as
 * {@code ApproximateReceiveCount}), gathered up to the batch size over the batching window as Lambda
 * does (ten a ReceiveMessage call), and delete the messages the answer does not list in
 * {@code batchItemFailures}. The listed ones, and every message of a batch whose invocation threw
 * or answered a failure that names no message of the batch, stay in the queue and come back after
 * the visibility timeout; the queue's redrive policy moves them to its dead-letter queue in the end.
 * Each poller has its own handler instance, as concurrent Lambda execution environments do.
 */
public final class LocalSqsEventSource implements AutoCloseable {
    private static final int WAIT_SECONDS = 1;
    private static final long DRAIN_CHECK_MILLIS = 50;
    /** How often an open batching window asks the queue again when it had nothing. */
    private static final long WINDOW_POLL_MILLIS = 20;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final LambdaFunction function;
    private final QueueConsumer consumer;
    private final Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;
    /** Guarded by this: whether the pollers are held, how many are receiving or invoking now, the stepping handler. */
    private boolean held;
    private int busy;
    private RequestHandler<SQSEvent, SQSBatchResponse> stepper;

    private LocalSqsEventSource(SqsClient sqs, String queueUrl, LambdaFunction function,
            Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers, QueueConsumer consumer) {
        this.sqs = sqs;
        this.handlers = handlers;
        this.queueUrl = queueUrl;
        this.queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.function = function;
        this.consumer = consumer;
    }

    /** The queue this source polls. */
    public String queueUrl() {
        return queueUrl;
    }

    /** Starts the consumer's maximum concurrency of pollers, each invoking its own handler from {@code handlers}. */
    public static LocalSqsEventSource start(SqsClient sqs, String queueUrl, LambdaFunction function,
            Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handlers, QueueConsumer consumer) {
        LocalSqsEventSource source = new LocalSqsEventSource(sqs, queueUrl, function, handlers, consumer);
        for (int i = 0; i < consumer.maxConcurrency(); i++) {
            RequestHandler<SQSEvent, SQSBatchResponse> handler = handlers.get();
            Thread poller = new Thread(() -> source.poll(handler), function.module() + "-sqs-poller-" + i);
            poller.setDaemon(true);
            source.pollers.add(poller);
            poller.start();
        }
        return source;
    }

    private void poll(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        while (running) {
            if (!enter()) {
                continue;
            }
            try {
                List<Message> messages = receiveBatch();
                if (isHeld()) {
                    // Held while this poller was receiving: the messages wait for the one who holds the source.
                    makeVisible(messages);
                } else if (!messages.isEmpty()) {
                    deliver(handler, messages);
                }
            } catch (SdkException e) {
                if (running) {
                    System.err.println(function.module() + " poller: " + e.getMessage());
                    sleep(500);
                }
            } finally {
                leave();
            }
        }
    }

    /**
     * A batch as Lambda's poller gathers it: what the first (long-polling) receive gives, then more until the
     * batch is full or the batching window, opened by the first message, closes.
     */
    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>(receive(Math.min(consumer.batchSize(), QueueConsumer.RECEIVE_MAX)));
        long windowEnd = System.nanoTime() + consumer.maxBatchingWindow().toNanos();
        while (!batch.isEmpty() && batch.size() < consumer.batchSize() && System.nanoTime() < windowEnd && running) {
            List<Message> more = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(consumer.batchSize() - batch.size(), QueueConsumer.RECEIVE_MAX))
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            batch.addAll(more);
            if (more.isEmpty()) {
                sleep(WINDOW_POLL_MILLIS);
            }
        }
        return batch;
    }

    private List<Message> receive(int max) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(max)
                .waitTimeSeconds(WAIT_SECONDS).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    private void makeVisible(List<Message> messages) {
        for (List<Message> part : inTens(messages)) {
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(part.stream()
                    .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .visibilityTimeout(0).build()).toList()));
        }
    }

    /** SQS's batch calls take ten entries at most; a batch above ten (gathered over a window) goes in parts. */
    private static List<List<Message>> inTens(List<Message> messages) {
        List<List<Message>> parts = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += QueueConsumer.RECEIVE_MAX) {
            parts.add(messages.subList(from, Math.min(from + QueueConsumer.RECEIVE_MAX, messages.size())));
        }
        return parts;
    }

    /** Counts the poller in, unless the source is held (then it waits a moment and answers false). */
    private synchronized boolean enter() {
        if (held) {
            try {
                wait(WAIT_SECONDS * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            return false;
        }
        busy++;
        return true;
    }

    private synchronized void leave() {
        busy--;
        notifyAll();
    }

    private synchronized boolean isHeld() {
        return held;
    }

    /**
     * Stops the pollers handing messages to the function, once the batch under way (if any) is
     * done, so that a test can step the queue itself with {@link #deliverNext}: what Lambda
     * would do with an event source mapping of that batch size, one invocation at a time.
     */
    public synchronized void hold() {
        held = true;
        while (busy > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding " + function.module(), e);
            }
        }
    }

    /** Lets the pollers go on. */
    public synchronized void release() {
        held = false;
        notifyAll();
    }

    /** With the source held: one invocation of at most {@code max} messages, now; answers how many it handed over. */
    public int deliverNext(int max) {
        RequestHandler<SQSEvent, SQSBatchResponse> handler;
        synchronized (this) {
            if (!held) {
                throw new IllegalStateException("hold the source before stepping it");
            }
            if (stepper == null) {
                stepper = handlers.get();
            }
            handler = stepper;
        }
        List<Message> messages = receive(max);
        if (!messages.isEmpty()) {
            deliver(handler, messages);
        }
        return messages.size();
    }

    /**
     * Waits until the queue holds no message, visible or in flight, and no invocation runs; at most
     * {@code bound}. Answers whether it got there: a message the function keeps failing stays in
     * flight until the dead-letter queue takes it.
     */
    public boolean awaitDrained(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            // A message is deleted only once its invocation is over (a failed one stays in flight until it
            // comes back): a queue without visible or in-flight messages has no work left nor under way.
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            if ("0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                return true;
            }
            synchronized (this) {
                try {
                    wait(DRAIN_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** One invocation, and the deletes Lambda would do after it. */
    void deliver(RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> messages) {
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event(messages), new InvocationContext(function.name().toLowerCase(Locale.ROOT).replace('_', '-'), function.memoryMb(),
                    consumer.functionTimeout()));
        } catch (RuntimeException e) {
            System.err.println(function.module() + " invocation failed; its batch comes back after the visibility timeout: " + e);
            return;
        }
        Set<String> ids = new HashSet<>();
        messages.forEach(message -> ids.add(message.messageId()));
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                String id = failure.getItemIdentifier();
                if (id == null || id.isEmpty() || !ids.contains(id)) {
                    // Lambda treats an unusable failure entry as the whole batch failing.
                    return;
                }
                failed.add(id);
            }
        }
        for (List<Message> part : inTens(messages.stream().filter(m -> !failed.contains(m.messageId())).toList())) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(part.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
    }

    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new LinkedHashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setMessageAttributes(Map.of());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; a batch being worked on finishes first (briefly waited for). */
    @Override
    public void close() {
        running = false;
        for (Thread poller : pollers) {
            try {
                poller.join((WAIT_SECONDS + 2) * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
