package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.http.Json;
import dev.hubcrm.mail.LocalOutbox;
import java.io.IOException;
import java.util.Map;

/** {@code GET /_local/outbox}: the mail sent so far, oldest first, in the shape the design fixes. */
final class LocalOutboxPage implements HttpHandler {
    static final String PATH = "/_local/outbox";

    private final LocalOutbox outbox;

    LocalOutboxPage(LocalOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                LocalProblem.write(exchange, 404, "the outbox is at GET " + PATH);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                LocalProblem.methodNotAllowed(exchange, "GET", "read the outbox with GET");
                return;
            }
            ObjectNode body = Json.object();
            ArrayNode items = body.putArray("items");
            for (LocalOutbox.Sent sent : outbox.sent()) {
                ObjectNode item = items.addObject().put("id", sent.id()).put("from", sent.message().from());
                sent.message().to().forEach(item.putArray("to")::add);
                item.put("subject", sent.message().subject()).put("text", sent.message().text());
                item.put("html", sent.message().html());
                ObjectNode headers = item.putObject("headers");
                sent.message().headers().forEach(headers::put);
                ObjectNode tags = item.putObject("tags");
                sent.message().tags().forEach(tags::put);
                item.put("sentAt", sent.sentAt().toString());
            }
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"), body.toString());
        }
    }
}
