package dev.hubcrm.exports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.http.Json;
import java.util.Optional;

/** Exports as JSON: the API's representation, and the queue message from the API to the worker. */
public final class ExportJson {
    /** Version of the message format, so that a worker can tell an older message from a broken one. */
    static final int MESSAGE_VERSION = 1;

    private ExportJson() {
    }

    /** One export to write: the message names it; everything else is in the export's item. */
    public record Task(String hubId, String exportId) {
    }

    /** {@code {id, status, processed, createdAt}} as the 202 of {@code GET /v1/customers/export} answers it. */
    public static ObjectNode accepted(ExportJob job) {
        ObjectNode json = Json.object();
        json.put("id", job.id());
        json.put("status", job.status().wire());
        json.put("processed", job.processed());
        json.put("createdAt", job.createdAt().toString());
        return json;
    }

    /** {@code {id, status, processed, createdAt, finishedAt?, failureReason?, downloadUrl?, expiresAt?}}. */
    public static ObjectNode toJson(ExportJob job, Optional<ExportService.Download> download) {
        ObjectNode json = accepted(job);
        if (job.finishedAt() != null) {
            json.put("finishedAt", job.finishedAt().toString());
        }
        if (job.failureReason() != null) {
            json.put("failureReason", job.failureReason());
        }
        download.ifPresent(file -> {
            json.put("downloadUrl", file.url().toString());
            json.put("expiresAt", file.expiresAt().toString());
        });
        return json;
    }

    static String message(String hubId, String exportId) {
        ObjectNode json = Json.object();
        json.put("v", MESSAGE_VERSION);
        json.put("hubId", hubId);
        json.put("exportId", exportId);
        return json.toString();
    }

    /** A queue message back as a task; an IllegalArgumentException when it is not one. */
    public static Task task(String message) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an export message is not JSON", e);
        }
        if (json == null || json.path("v").asInt() != MESSAGE_VERSION || !json.path("hubId").isTextual()
                || !json.path("exportId").isTextual()) {
            throw new IllegalArgumentException("not an export message of version " + MESSAGE_VERSION);
        }
        return new Task(json.get("hubId").asText(), json.get("exportId").asText());
    }
}
