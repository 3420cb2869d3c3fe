package dev.hubcrm.events;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.hubcrm.config.AppContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * event-publisher: the table's DynamoDB stream, outbox items only (ADR 32). Each new outbox item's
 * event is published to the stack's bus; an event the bus refused is reported as a batch item
 * failure, so Lambda delivers the batch again from it (the events after it are published again too,
 * with the same event ids: consumers drop repeats by {@code eventId}). Logs carry ids and error codes only.
 */
public final class EventPublisherHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisherHandler.class);

    private final DomainEvents domainEvents;

    public EventPublisherHandler() {
        this(AppContext.fromEnvironment());
    }

    public EventPublisherHandler(AppContext app) {
        this.domainEvents = app.domainEvents();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> publish(event));
    }

    private StreamsEventResponse publish(DynamodbEvent event) {
        List<OutboxEvent> events = new ArrayList<>();
        Map<String, String> sequenceNumbers = new HashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of()
                : event.getRecords()) {
            Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
            // The TTL's delete of an item already published, or anything else the filter let through: nothing to publish.
            if (!"INSERT".equals(record.getEventName()) || image == null || !DynamoOutbox.KIND.equals(string(image, "kind"))) {
                continue;
            }
            OutboxEvent outbox = DynamoOutbox.read(name -> string(image, name));
            events.add(outbox);
            sequenceNumbers.put(outbox.eventId(), record.getDynamodb().getSequenceNumber());
        }
        List<DomainEvents.Refused> refused = events.isEmpty() ? List.of() : domainEvents.publish(events);
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DomainEvents.Refused one : refused) {
            LOG.warn("event refused; Lambda delivers it again", entry("eventId", one.eventId()), entry("reason", one.reason()));
            failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumbers.get(one.eventId())));
        }
        LOG.info("outbox published", entry("events", events.size()), entry("refused", refused.size()));
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private static String string(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }
}
