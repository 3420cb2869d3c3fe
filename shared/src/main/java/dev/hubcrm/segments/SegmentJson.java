package dev.hubcrm.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.List;
import java.util.Set;

/** The JSON shape of segments in the API (adapter between HTTP bodies and the domain). */
public final class SegmentJson {
    private static final Set<String> FIELDS = Set.of("name", "rule");

    private SegmentJson() {
    }

    /**
     * The body of a create ({@code name} and {@code rule} required) or a patch (either). A patch's
     * {@code rule} replaces the rule whole: merging two rule trees key by key would mix
     * {@code all} and {@code any} into a rule nobody wrote.
     */
    public static SegmentService.SegmentInput input(JsonNode body, boolean create) {
        JsonInput input = JsonInput.of(body, FIELDS);
        String name = input.string("name");
        input.validate();
        JsonNode rule = body.get("rule");
        if ((create || rule != null) && (rule == null || rule.isNull())) {
            throw ValidationException.of("rule", "is required: {all|any: [...]}, {not: rule} or {field, op, value}");
        }
        if (create && name == null) {
            throw ValidationException.of("name", "is required");
        }
        if (!create && name == null && body.has("name")) {
            throw ValidationException.of("name", "cannot be removed; give a new name");
        }
        return new SegmentService.SegmentInput(name, rule);
    }

    /** The body of {@code POST /v1/segments/preview}: {@code {rule}}. */
    public static JsonNode previewRule(JsonNode body) {
        JsonInput.of(body, Set.of("rule")).validate();
        return body.get("rule");
    }

    public static ObjectNode toJson(Segment segment) {
        ObjectNode json = Json.object();
        json.put("id", segment.id());
        json.put("name", segment.name());
        try {
            json.set("rule", Json.MAPPER.readTree(segment.ruleJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored segment rule is not JSON", e);
        }
        json.put("status", segment.status().wire());
        json.put("processed", segment.processed());
        json.put("createdAt", segment.createdAt().toString());
        json.put("updatedAt", segment.updatedAt().toString());
        return json;
    }

    public static ObjectNode page(Page<Segment> page) {
        return Json.page(page, SegmentJson::toJson);
    }

    public static ObjectNode toJson(SegmentService.Preview preview) {
        ObjectNode json = Json.object();
        json.put("count", preview.count());
        preview.sample().forEach(customer -> json.withArray("sample").add(CustomerJson.toJson(customer)));
        json.withArray("sample");
        return json;
    }

    /** The lines of the email list: one address a line, for pasting into any mail tool. */
    public static String emailLines(List<String> emails) {
        return emails.isEmpty() ? "" : String.join("\n", emails) + "\n";
    }
}
