package dev.hubcrm.events;

/** Where domain code publishes what happened (the stack's own EventBridge bus; locally a list in memory). */
public interface DomainEvents {
    /** Publishes {@code event}; throws when the bus refused it. */
    void publish(DomainEvent event);
}
