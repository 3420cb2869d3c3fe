package dev.hubcrm.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Emails;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.ApiRequest;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

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
        return required(body, "customerId", JsonInput::string);
    }

    /** {@code {at}} of a schedule: an ISO-8601 time with an offset. */
    public static Instant scheduleAt(JsonNode body) {
        return required(body, "at", JsonInput::instant);
    }

    /** The one member {@code name} of a body that has no other, read by {@code read}; a 422 when it is missing or unknown ones are there. */
    private static <T> T required(JsonNode body, String name, BiFunction<JsonInput, String, T> read) {
        JsonInput input = JsonInput.of(body, Set.of(name));
        T value = read.apply(input, name);
        input.validate();
        if (value == null) {
            throw ValidationException.of(name, "is required");
        }
        return value;
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
        Json.putIfPresent(json, "scheduledAt", campaign.scheduledAt() == null ? null : campaign.scheduledAt().toString());
        return json.put("createdAt", campaign.createdAt().toString()).put("updatedAt", campaign.updatedAt().toString());
    }

    public static ObjectNode page(Page<Campaign> page) {
        return Json.page(page, CampaignJson::toJson);
    }

    /** The queue message of a sender task. */
    public static String message(CampaignTask task) {
        ObjectNode json = Json.object().put("hubId", task.hubId()).put("campaignId", task.campaignId());
        switch (task) {
            case CampaignTask.Snapshot snapshot -> json.put("task", "snapshot").put("cursor", snapshot.cursor());
            case CampaignTask.Delivery delivery -> json.put("task", "deliver").put("customerId", delivery.customerId());
        }
        return json.toString();
    }

    /** The sender task of a queue message. */
    public static CampaignTask task(String message) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a campaign queue message is not JSON", e);
        }
        String hubId = json.path("hubId").asText();
        String campaignId = json.path("campaignId").asText();
        return switch (json.path("task").asText()) {
            case "snapshot" -> new CampaignTask.Snapshot(hubId, campaignId, json.path("cursor").isTextual() ? json.get("cursor").asText() : null);
            case "deliver" -> new CampaignTask.Delivery(hubId, campaignId, json.path("customerId").asText());
            default -> throw new IllegalArgumentException("not a campaign task: " + json.path("task").asText());
        };
    }

    public static ObjectNode toJson(Recipient recipient) {
        ObjectNode json = Json.object().put("customerId", recipient.customerId()).put("status", recipient.status().wire());
        Json.putIfPresent(json, "messageId", recipient.messageId());
        Json.putIfPresent(json, "failureReason", recipient.failureReason());
        Json.putIfPresent(json, "sentAt", recipient.sentAt() == null ? null : recipient.sentAt().toString());
        return json;
    }

    /** {@code ?status=} of the recipient list; any parameter but it, limit and cursor is a 422 naming it. */
    public static RecipientStatus recipientStatus(ApiRequest request) {
        request.queryParameterNames().stream().filter(name -> !Set.of("status", "limit", "cursor").contains(name)).findFirst()
                .ifPresent(name -> {
                    throw ValidationException.of(name, "is not a parameter of the recipient list (status, limit, cursor)");
                });
        String wire = request.queryParameter("status").orElse(null);
        RecipientStatus status = wire == null ? null : RecipientStatus.fromWire(wire);
        if (wire != null && status == null) {
            throw ValidationException.of("status", "must be one of queued, sending, sent, failed, skipped");
        }
        return status;
    }

    public static ObjectNode recipientPage(Page<Recipient> page) {
        return Json.page(page, CampaignJson::toJson);
    }

    public static ObjectNode toJson(CampaignTemplates.Rendered rendered) {
        ObjectNode json = Json.object().put("subject", rendered.subject()).put("text", rendered.text());
        return json.put("html", rendered.html());
    }
}
