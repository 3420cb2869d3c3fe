package dev.hubcrm.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Imports as JSON: the API's representation, and the queue messages between the API and the worker. */
public final class ImportJson {
    /** Version of the message format, so that a worker can tell an older message from a broken one. */
    static final int MESSAGE_VERSION = 1;

    private ImportJson() {
    }

    /** The {@code size} an upload is asked for ({@code POST /v1/imports/uploads {size}}). */
    public static Long uploadSize(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("size"));
        Long size = input.whole("size", 1, ImportUploads.MAX_UPLOAD_BYTES);
        input.validate();
        return size;
    }

    /** {@code {id, uploadUrl, method, size, expiresAt, maxBytes}}: where, until when and how large a file to PUT. */
    public static ObjectNode toJson(ImportUploads.Upload upload) {
        ObjectNode json = Json.object();
        json.put("id", upload.id());
        json.put("uploadUrl", upload.uploadUrl().toString());
        json.put("method", "PUT");
        json.put("size", upload.size());
        json.put("expiresAt", upload.expiresAt().toString());
        json.put("maxBytes", upload.maxBytes());
        return json;
    }

    /** {@code {id, status, dryRun, format, total, processed, created, updated, failed, errors[{row, message}], ...}}. */
    public static ObjectNode toJson(ImportJob job) {
        ObjectNode json = Json.object();
        json.put("id", job.id());
        json.put("status", job.effectiveStatus().wire());
        json.put("dryRun", job.dryRun());
        json.put("format", job.format().wire());
        json.put("total", job.total());
        json.put("processed", job.processed());
        json.put("created", job.created());
        json.put("updated", job.updated());
        json.put("failed", job.failed());
        ArrayNode errors = json.putArray("errors");
        job.errors().stream().sorted((a, b) -> Integer.compare(a.row(), b.row()))
                .forEach(error -> errors.addObject().put("row", error.row()).put("message", error.message()));
        json.put("errorsOmitted", job.errorsOmitted());
        ArrayNode ignored = json.putArray("ignoredColumns");
        job.ignoredColumns().forEach(ignored::add);
        json.put("createdAt", job.createdAt().toString());
        json.put("updatedAt", job.updatedAt().toString());
        if (job.effectiveFinishedAt() != null) {
            json.put("finishedAt", job.effectiveFinishedAt().toString());
        }
        if (job.failureReason() != null) {
            json.put("failureReason", job.failureReason());
        }
        return json;
    }

    public static String message(ImportChunk chunk) {
        ObjectNode json = Json.object();
        json.put("v", MESSAGE_VERSION);
        json.put("hubId", chunk.hubId());
        json.put("importId", chunk.importId());
        json.put("chunk", chunk.number());
        ArrayNode units = json.putArray("units");
        chunk.units().forEach(unit -> units.add(unit(unit)));
        return json.toString();
    }

    /** A queue message back as a chunk; an IllegalArgumentException when it is not one. */
    public static ImportChunk chunk(String message) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an import message is not JSON", e);
        }
        if (json == null || json.path("v").asInt() != MESSAGE_VERSION || !json.path("hubId").isTextual()
                || !json.path("importId").isTextual() || !json.path("chunk").isInt() || !json.path("units").isArray()) {
            throw new IllegalArgumentException("not an import message of version " + MESSAGE_VERSION);
        }
        List<ImportUnit> units = new ArrayList<>();
        json.get("units").forEach(unit -> units.add(unit(unit)));
        return new ImportChunk(json.get("hubId").asText(), json.get("importId").asText(), json.get("chunk").asInt(), units);
    }

    static ObjectNode unit(ImportUnit unit) {
        ImportedCustomer values = unit.values();
        ObjectNode json = Json.object();
        ArrayNode rows = json.putArray("rows");
        unit.rows().forEach(rows::add);
        Json.putIfPresent(json, "email", values.email());
        Json.putIfPresent(json, "phone", values.phone());
        Json.putIfPresent(json, "firstName", values.firstName());
        Json.putIfPresent(json, "lastName", values.lastName());
        Json.putIfPresent(json, "companyName", values.companyName());
        Json.putIfPresent(json, "type", values.type() == null ? null : values.type().wire());
        ArrayNode tags = json.putArray("tags");
        values.tags().forEach(tags::add);
        if (values.marketingConsent() != null) {
            json.put("marketingConsent", values.marketingConsent());
        }
        ObjectNode fields = json.putObject("fields");
        values.fields().forEach((name, value) -> {
            switch (value) {
                case BigDecimal number -> fields.put(name, number);
                case Boolean flag -> fields.put(name, flag);
                default -> fields.put(name, value.toString());
            }
        });
        return json;
    }

    static ImportUnit unit(JsonNode json) {
        List<Integer> rows = new ArrayList<>();
        json.path("rows").forEach(row -> rows.add(row.asInt()));
        List<String> tags = new ArrayList<>();
        json.path("tags").forEach(tag -> tags.add(tag.asText()));
        Map<String, Object> fields = new LinkedHashMap<>();
        json.path("fields").properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            fields.put(entry.getKey(), value.isNumber() ? value.decimalValue() : value.isBoolean() ? (Object) value.booleanValue()
                    : value.asText());
        });
        JsonNode consent = json.get("marketingConsent");
        return new ImportUnit(rows, new ImportedCustomer(text(json, "email"), text(json, "phone"), text(json, "firstName"),
                text(json, "lastName"), text(json, "companyName"),
                json.hasNonNull("type") ? CustomerType.fromWire(json.get("type").asText()) : null,
                tags, consent == null || consent.isNull() ? null : consent.booleanValue(), fields));
    }

    private static String text(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
