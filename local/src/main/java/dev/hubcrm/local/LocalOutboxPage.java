package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.http.Json;
import dev.hubcrm.mail.LocalOutbox;

/** {@code GET /_local/outbox}: the mail sent so far, oldest first, in the shape the design fixes. */
final class LocalOutboxPage extends LocalReadPage {
    static final String PATH = "/_local/outbox";

    private final LocalOutbox outbox;

    LocalOutboxPage(LocalOutbox outbox) {
        super(PATH, "the outbox");
        this.outbox = outbox;
    }

    @Override
    ObjectNode body() {
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
        return body;
    }
}
