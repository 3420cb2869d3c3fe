package dev.hubcrm.events;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Domain events to the stack's own EventBridge bus with PutEvents: source {@code hubcrm}, detail-type the event's name. */
public final class EventBridgeDomainEvents implements DomainEvents {
    public static final String SOURCE = "hubcrm";
    /** Entries one PutEvents takes. */
    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient eventBridge;
    private final String busName;

    public EventBridgeDomainEvents(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    @Override
    public List<Refused> publish(List<OutboxEvent> events) {
        List<Refused> refused = new ArrayList<>();
        for (int from = 0; from < events.size(); from += MAX_ENTRIES) {
            refused.addAll(putEvents(events.subList(from, Math.min(from + MAX_ENTRIES, events.size()))));
        }
        return refused;
    }

    /**
     * PutEvents answers 200 with an error per entry it refused, in the order of the request: those
     * entries are refused; a call that fails as a whole (after the SDK's retries) refuses all of them.
     */
    private List<Refused> putEvents(List<OutboxEvent> events) {
        List<PutEventsRequestEntry> entries = events.stream().map(event -> PutEventsRequestEntry.builder().eventBusName(busName)
                .source(SOURCE).detailType(event.detailType()).detail(event.detail()).build()).toList();
        List<PutEventsResultEntry> results;
        try {
            results = eventBridge.putEvents(r -> r.entries(entries)).entries();
        } catch (SdkException e) {
            return events.stream().map(event -> new Refused(event.eventId(), e.getClass().getSimpleName())).toList();
        }
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result == null || result.errorCode() != null) {
                refused.add(new Refused(events.get(i).eventId(), result == null ? "no result" : result.errorCode()));
            }
        }
        return refused;
    }
}
