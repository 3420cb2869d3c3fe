package dev.hubcrm.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.http.Json;

/** The JSON shape of the message history in the API. */
public final class MessageJson {
    private MessageJson() {
    }

    public static ObjectNode toJson(Message message) {
        ObjectNode json = Json.object().put("id", message.id()).put("customerId", message.customerId())
                .put("channel", message.channel()).put("template", message.template());
        Json.putIfPresent(json, "subject", message.subject());
        Json.putIfPresent(json, "campaignId", message.campaignId());
        json.put("status", message.status()).put("sentAt", message.sentAt().toString());
        if (!message.events().isEmpty()) {
            ObjectNode events = json.putObject("events");
            message.events().forEach((event, at) -> events.put(event, at.toString()));
        }
        return json;
    }

    public static ObjectNode page(Page<Message> page) {
        return Json.page(page, MessageJson::toJson);
    }
}
