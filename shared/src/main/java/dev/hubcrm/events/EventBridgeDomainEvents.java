package dev.hubcrm.events;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Domain events to the stack's own EventBridge bus with PutEvents: source {@code hubcrm}, detail-type the event's name. */
public final class EventBridgeDomainEvents implements DomainEvents {
    public static final String SOURCE = "hubcrm";

    private final EventBridgeClient eventBridge;
    private final String busName;

    public EventBridgeDomainEvents(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    @Override
    public void publish(DomainEvent event) {
        PutEventsResponse response = eventBridge.putEvents(r -> r.entries(entry -> entry.eventBusName(busName).source(SOURCE)
                .detailType(event.type().wire()).detail(event.detail().toString())));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            // PutEvents answers 200 with per-entry errors: a refused entry is an error like any other.
            PutEventsResultEntry refused = response.entries().getFirst();
            throw new IllegalStateException("EventBridge refused " + event.type().wire() + ": " + refused.errorCode() + " "
                    + refused.errorMessage());
        }
    }
}
