package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.events.EventBridgeDomainEvents;
import dev.hubcrm.events.LocalDomainEvents;
import dev.hubcrm.http.Json;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /_local/events}: the domain events published so far, oldest first, each as the
 * EventBridge entry the stack's bus would get ({@code source}, {@code detail-type}, {@code detail}).
 */
final class LocalEventsPage implements HttpHandler {
    static final String PATH = "/_local/events";

    private final LocalDomainEvents events;

    LocalEventsPage(LocalDomainEvents events) {
        this.events = events;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                LocalProblem.write(exchange, 404, "the published events are at GET " + PATH);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                LocalProblem.methodNotAllowed(exchange, "GET", "read the published events with GET");
                return;
            }
            ObjectNode body = Json.object();
            ArrayNode items = body.putArray("items");
            for (LocalDomainEvents.Published published : events.published()) {
                items.addObject().put("source", EventBridgeDomainEvents.SOURCE).put("detail-type", published.event().type().wire())
                        .put("time", published.at().toString()).set("detail", published.event().detail());
            }
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"), body.toString());
        }
    }
}
