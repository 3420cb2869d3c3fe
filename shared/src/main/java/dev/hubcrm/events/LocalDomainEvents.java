package dev.hubcrm.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The domain events of the local server (no bus): kept in memory, oldest first, and shown at {@code GET /_local/events}. */
public final class LocalDomainEvents implements DomainEvents {
    /** A published event with the time it was published. */
    public record Published(DomainEvent event, Instant at) {
    }

    private final List<Published> published = new ArrayList<>();
    private final Clock clock;

    public LocalDomainEvents(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void publish(DomainEvent event) {
        published.add(new Published(event, clock.instant()));
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }
}
