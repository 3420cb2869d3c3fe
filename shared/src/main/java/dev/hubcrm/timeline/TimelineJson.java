package dev.hubcrm.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.conversations.ChannelJson;
import dev.hubcrm.conversations.ChannelPost;
import dev.hubcrm.conversations.Note;
import dev.hubcrm.conversations.NoteJson;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.customers.Order;
import dev.hubcrm.customers.StatusChange;
import dev.hubcrm.http.Json;
import dev.hubcrm.messages.Message;
import dev.hubcrm.messages.MessageJson;
import dev.hubcrm.wallet.LedgerEntry;
import dev.hubcrm.wallet.WalletJson;

/** The JSON shape of the timeline: {@code {kind, at, detail}} with each kind's own shape as the detail. */
public final class TimelineJson {
    private TimelineJson() {
    }

    public static ObjectNode page(Page<TimelineEvent> page) {
        return Json.page(page, TimelineJson::toJson);
    }

    private static ObjectNode toJson(TimelineEvent event) {
        ObjectNode json = Json.object().put("kind", event.kind().wire()).put("at", event.at().toString());
        json.set("detail", switch (event.detail()) {
            case Order order -> CustomerJson.toJson(order);
            case StatusChange change -> CustomerJson.toJson(change);
            case LedgerEntry entry -> WalletJson.toJson(entry);
            case Message message -> MessageJson.toJson(message);
            case Note note -> NoteJson.toJson(note);
            case ChannelPost post -> ChannelJson.toJson(post);
            default -> throw new IllegalStateException("no JSON for " + event.detail().getClass().getSimpleName());
        });
        return json;
    }
}
