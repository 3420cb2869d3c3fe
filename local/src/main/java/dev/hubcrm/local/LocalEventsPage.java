package dev.hubcrm.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.events.EventBridgeDomainEvents;
import dev.hubcrm.events.LocalDomainEvents;
import dev.hubcrm.events.OutboxEvent;
import dev.hubcrm.http.Json;

/**
 * {@code GET /_local/events}: the domain events the event publisher published so far from the outbox
 * (ADR 32), oldest first, each as the EventBridge entry the stack's bus would get ({@code source},
 * {@code detail-type}, {@code detail} with its {@code eventId}); an event the stream delivered twice is there twice.
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
            items.addObject().put("source", EventBridgeDomainEvents.SOURCE).put("detail-type", published.event().detailType())
                    .put("time", published.at().toString()).set("detail", detail(published.event()));
        }
        return body;
    }

    private static JsonNode detail(OutboxEvent event) {
        try {
            return Json.MAPPER.readTree(event.detail());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox event " + event.eventId() + " has a detail that is not JSON", e);
        }
    }
}
