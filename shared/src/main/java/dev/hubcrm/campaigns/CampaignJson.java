package dev.hubcrm.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Emails;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.List;
import java.util.Set;

/** The JSON shape of campaigns in the API (adapter between HTTP bodies and the domain). */
public final class CampaignJson {
    private static final Set<String> WRITABLE = Set.of("name", "segmentId", "subject", "text", "html");

    private CampaignJson() {
    }

    /** A create body, or a campaign's writable part after a merge patch; a 422 names every bad field. */
    public static CampaignDraft draft(JsonNode body) {
        JsonInput input = JsonInput.of(body, WRITABLE);
        CampaignDraft draft = new CampaignDraft(input.string("name"), input.string("segmentId"), input.string("subject"),
                input.string("text"), input.string("html"));
        input.validate();
        if (draft.segmentId() == null) {
            throw ValidationException.of("segmentId", "is required");
        }
        return draft;
    }

    /** The writable part of a campaign, as a merge patch applies to it. */
    public static ObjectNode writable(CampaignDraft draft) {
        ObjectNode json = Json.object().put("name", draft.name()).put("segmentId", draft.segmentId())
                .put("subject", draft.subject()).put("text", draft.text());
        Json.putIfPresent(json, "html", draft.html());
        return json;
    }

    /** {@code {customerId}} of a preview. */
    public static String previewCustomer(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("customerId"));
        String customerId = input.string("customerId");
        input.validate();
        if (customerId == null) {
            throw ValidationException.of("customerId", "is required");
        }
        return customerId;
    }

    /** {@code {to}} of a test mail: one address. */
    public static String testRecipient(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("to"));
        String to = input.string("to");
        input.validate();
        if (to == null || !Emails.isValid(to.strip())) {
            throw ValidationException.of("to", "must be one email address");
        }
        return to.strip();
    }

    public static ObjectNode toJson(Campaign campaign) {
        ObjectNode json = writable(campaign.draft());
        json.put("id", campaign.id()).put("status", campaign.status().wire());
        ObjectNode stats = json.putObject("stats");
        List<Long> values = campaign.stats().values();
        for (int i = 0; i < values.size(); i++) {
            stats.put(CampaignStats.NAMES.get(i), values.get(i));
        }
        Json.putIfPresent(json, "sendStartedAt", campaign.sendStartedAt() == null ? null : campaign.sendStartedAt().toString());
        return json.put("createdAt", campaign.createdAt().toString()).put("updatedAt", campaign.updatedAt().toString());
    }

    public static ObjectNode page(Page<Campaign> page) {
        return Json.page(page, CampaignJson::toJson);
    }

    public static ObjectNode toJson(CampaignTemplates.Rendered rendered) {
        ObjectNode json = Json.object().put("subject", rendered.subject()).put("text", rendered.text());
        return json.put("html", rendered.html());
    }
}
