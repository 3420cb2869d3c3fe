package dev.hubcrm.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The domain events of the local server (no bus): kept in memory, oldest first, and shown at
 * {@code GET /_local/events}. Like the bus, it takes an event again when the stream delivers it again.
 */
public final class LocalDomainEvents implements DomainEvents {
    /** A published event with the time it was published. */
    public record Published(OutboxEvent event, Instant at) {
    }

    private final List<Published> published = new ArrayList<>();
    private final Clock clock;

    public LocalDomainEvents(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<Refused> publish(List<OutboxEvent> events) {
        Instant at = clock.instant();
        events.forEach(event -> published.add(new Published(event, at)));
        return List.of();
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }
}
