package dev.hubcrm.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.ApiRequest;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.Set;

/** The JSON shape of the hub's inbox of inbound mail (adapter between HTTP bodies and the domain). */
public final class InboxJson {
    private InboxJson() {
    }

    /** The page of {@code GET /v1/inbox}: only {@code limit} and {@code cursor}. */
    public static ObjectNode page(ApiRequest request, InboundMailService inbound) {
        request.requireOnlyParameters(Set.of("limit", "cursor"), "the inbox");
        return page(inbound.inbox(request.hubId(), request.page()));
    }

    static ObjectNode page(Page<InboxMail> page) {
        return Json.page(page, mail -> {
            ObjectNode json = Json.object().put("id", mail.id());
            json.set("mail", NoteJson.mailJson(mail.origin()));
            return json.put("body", mail.text()).put("receivedAt", mail.receivedAt().toString());
        });
    }

    /** The body of {@code POST /v1/inbox/{id}/assign}: {@code {customerId}} or {@code {createLead: true}}. */
    public static InboundMailService.AssignTo assignTo(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("customerId", "createLead"));
        String customerId = input.string("customerId");
        boolean createLead = input.bool("createLead", false);
        input.validate();
        if ((customerId == null) == !createLead) {
            throw ValidationException.of("customerId", "give either customerId or createLead: true");
        }
        return new InboundMailService.AssignTo(customerId, createLead);
    }
}
