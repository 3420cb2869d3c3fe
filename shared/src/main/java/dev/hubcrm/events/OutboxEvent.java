package dev.hubcrm.events;

import dev.hubcrm.common.Ids;

/**
 * A domain event as the outbox holds it until it is published (ADR 32): its stable id, which is also
 * the detail's {@code eventId} (consumers drop repeats by it: publishing is at least once), its
 * detail-type and its detail as JSON text, exactly as it goes to the bus.
 */
public record OutboxEvent(String hubId, String eventId, String detailType, String detail) {
    public static final String ID_PREFIX = "evt";

    /** The event with a new id, in its detail too. */
    public static OutboxEvent of(DomainEvent event) {
        String eventId = Ids.newId(ID_PREFIX);
        return new OutboxEvent(event.hubId(), eventId, event.type().wire(), event.detail().put("eventId", eventId).toString());
    }
}
