package dev.hubcrm.events;

import java.util.List;

/**
 * Where the outbox's events are published (the stack's own EventBridge bus; locally a list in memory).
 * Domain code never calls it: it writes its events to the outbox with the write that decides them
 * ({@link DynamoOutbox}), and the event-publisher function publishes what the table's stream delivers.
 */
public interface DomainEvents {
    /** An event the bus did not take, and why (an error code, never the detail): it is published again. */
    record Refused(String eventId, String reason) {
    }

    /** Publishes each event; answers those the bus refused (none: all published). */
    List<Refused> publish(List<OutboxEvent> events);
}
