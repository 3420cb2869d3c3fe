package dev.hubcrm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What a Lambda DynamoDB stream event source mapping with {@code ReportBatchItemFailures} does,
 * against DynamoDB Local's stream: one poller reads every shard in order (a child shard after its
 * parent), hands each batch of records to the function's real handler as a {@link DynamodbEvent},
 * and on a reported failure (or a throw) reads again from the failed record after a pause, so the
 * records after it wait as they do in AWS. Only the records whose image has one of {@code kinds}
 * are delivered, as the stack's filter criteria do.
 */
public final class LocalDynamoStreamSource implements AutoCloseable {
    private static final Duration IDLE_PAUSE = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final LambdaFunction function;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final int batchSize;
    private final Set<String> kinds;
    private final Thread poller;
    /** Next iterator of each open shard; a shard is dropped when it is closed and read to its end. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private volatile boolean running = true;

    private LocalDynamoStreamSource(DynamoDbStreamsClient streams, String streamArn, LambdaFunction function,
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler, int batchSize, Set<String> kinds) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.function = function;
        this.handler = handler;
        this.batchSize = batchSize;
        this.kinds = kinds;
        this.poller = new Thread(this::poll, function.module() + "-stream-poller");
        this.poller.setDaemon(true);
    }

    /** Starts reading the stream from its oldest record still kept (TRIM_HORIZON), as a new mapping does. */
    public static LocalDynamoStreamSource start(DynamoDbStreamsClient streams, String streamArn, LambdaFunction function,
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler, int batchSize, Set<String> kinds) {
        LocalDynamoStreamSource source = new LocalDynamoStreamSource(streams, streamArn, function, handler, batchSize, kinds);
        source.poller.start();
        return source;
    }

    private void poll() {
        while (running) {
            try {
                discoverShards();
                boolean delivered = false;
                for (String shardId : List.copyOf(iterators.keySet())) {
                    delivered |= readShard(shardId);
                }
                if (!delivered) {
                    pause(IDLE_PAUSE);
                }
            } catch (SdkException e) {
                if (running) {
                    System.err.println(function.module() + " stream poller: " + e.getMessage());
                    pause(RETRY_PAUSE);
                }
            }
        }
    }

    private void discoverShards() {
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            var description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(start)).streamDescription();
            shards.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null);
        Map<String, Shard> byId = new HashMap<>();
        shards.forEach(shard -> byId.put(shard.shardId(), shard));
        for (Shard shard : shards) {
            String parent = shard.parentShardId();
            boolean parentDone = parent == null || finished.contains(parent) || !byId.containsKey(parent);
            if (parentDone && !finished.contains(shard.shardId()) && !iterators.containsKey(shard.shardId())) {
                iterators.put(shard.shardId(), streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            }
        }
    }

    /** Reads one batch of a shard and delivers it; whether anything was delivered. */
    private boolean readShard(String shardId) {
        GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(iterators.get(shardId)).limit(batchSize));
        List<Record> records = response.records().stream().filter(this::wanted).toList();
        if (!records.isEmpty()) {
            String failedSequence = deliver(records);
            if (failedSequence != null) {
                iterators.put(shardId, streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(failedSequence)).shardIterator());
                pause(RETRY_PAUSE);
                return true;
            }
        }
        if (response.nextShardIterator() == null) {
            iterators.remove(shardId);
            finished.add(shardId);
        } else {
            iterators.put(shardId, response.nextShardIterator());
        }
        return !records.isEmpty();
    }

    private boolean wanted(Record record) {
        Map<String, AttributeValue> image = record.dynamodb().hasNewImage() ? record.dynamodb().newImage() : record.dynamodb().oldImage();
        AttributeValue kind = image == null ? null : image.get("kind");
        return kind != null && kinds.contains(kind.s());
    }

    /** One invocation; the sequence number to read again from, or null when the batch is done. */
    private String deliver(List<Record> records) {
        StreamsEventResponse response;
        try {
            response = handler.handleRequest(event(records), new InvocationContext(function.module(), function.memoryMb()));
        } catch (RuntimeException e) {
            System.err.println(function.module() + " invocation failed; its batch is read again: " + e);
            return records.getFirst().dynamodb().sequenceNumber();
        }
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return null;
        }
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .min(Comparator.comparing(BigInteger::new)).orElse(records.getFirst().dynamodb().sequenceNumber());
    }

    private DynamodbEvent event(List<Record> records) {
        List<DynamodbEvent.DynamodbStreamRecord> converted = new ArrayList<>();
        for (Record record : records) {
            DynamodbEvent.DynamodbStreamRecord streamRecord = new DynamodbEvent.DynamodbStreamRecord();
            streamRecord.setEventSourceARN(streamArn);
            streamRecord.setEventID(record.eventID());
            streamRecord.setEventName(record.eventNameAsString());
            streamRecord.setEventVersion(record.eventVersion());
            streamRecord.setEventSource("aws:dynamodb");
            streamRecord.setAwsRegion("us-east-1");
            StreamRecord data = new StreamRecord();
            data.setKeys(image(record.dynamodb().keys()));
            data.setNewImage(record.dynamodb().hasNewImage() ? image(record.dynamodb().newImage()) : null);
            data.setOldImage(record.dynamodb().hasOldImage() ? image(record.dynamodb().oldImage()) : null);
            data.setSequenceNumber(record.dynamodb().sequenceNumber());
            data.setSizeBytes(record.dynamodb().sizeBytes());
            data.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
                    record.dynamodb().streamViewTypeAsString()));
            if (record.dynamodb().approximateCreationDateTime() != null) {
                data.setApproximateCreationDateTime(Date.from(record.dynamodb().approximateCreationDateTime()));
            }
            streamRecord.setDynamodb(data);
            converted.add(streamRecord);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(converted);
        return event;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image = new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, value(value)));
        return image;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(AttributeValue value) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (value.s() != null) {
            converted.setS(value.s());
        } else if (value.n() != null) {
            converted.setN(value.n());
        } else if (value.bool() != null) {
            converted.setBOOL(value.bool());
        } else if (value.hasM()) {
            converted.setM(image(value.m()));
        } else if (value.hasL()) {
            converted.setL(value.l().stream().map(LocalDynamoStreamSource::value).toList());
        } else if (value.hasSs()) {
            converted.setSS(value.ss());
        } else if (value.hasNs()) {
            converted.setNS(value.ns());
        } else if (value.b() != null) {
            converted.setB(value.b().asByteBuffer());
        } else if (value.hasBs()) {
            converted.setBS(value.bs().stream().map(SdkBytes::asByteBuffer).toList());
        } else if (Boolean.TRUE.equals(value.nul())) {
            converted.setNULL(true);
        } else {
            // DynamoDB Local's stream gives an empty list or map without its type: an empty list reads as absent alike
            converted.setL(List.of());
        }
        return converted;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
