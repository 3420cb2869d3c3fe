package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.events.EventBridgeDomainEvents;
import dev.hubcrm.events.LocalDomainEvents;
import dev.hubcrm.http.Json;

/**
 * {@code GET /_local/events}: the domain events published so far, oldest first, each as the
 * EventBridge entry the stack's bus would get ({@code source}, {@code detail-type}, {@code detail}).
 */
final class LocalEventsPage extends LocalReadPage {
    static final String PATH = "/_local/events";

    private final LocalDomainEvents events;

    LocalEventsPage(LocalDomainEvents events) {
        super(PATH, "the published events");
        this.events = events;
    }

    @Override
    ObjectNode body() {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        for (LocalDomainEvents.Published published : events.published()) {
            items.addObject().put("source", EventBridgeDomainEvents.SOURCE).put("detail-type", published.event().type().wire())
                    .put("time", published.at().toString()).set("detail", published.event().detail());
        }
        return body;
    }
}
