package dev.hubcrm.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.FieldError;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem details; {@code type} names the kind of problem, stable for clients to branch on. */
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static ObjectNode body(int status, String title, String detail, List<FieldError> errors, String instance,
            String requestId) {
        ObjectNode problem = Json.object();
        problem.put("type", "urn:hubcrm:problem:" + slug(status));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        if (!errors.isEmpty()) {
            ArrayNode list = problem.putArray("errors");
            errors.forEach(error -> list.addObject().put("field", error.field()).put("message", error.message()));
        }
        return problem;
    }

    private static String slug(int status) {
        return Map.ofEntries(
                Map.entry(400, "malformed-request"),
                Map.entry(401, "unauthorized"),
                Map.entry(402, "insufficient-funds"),
                Map.entry(404, "not-found"),
                Map.entry(405, "method-not-allowed"),
                Map.entry(409, "conflict"),
                Map.entry(412, "precondition-failed"),
                Map.entry(413, "payload-too-large"),
                Map.entry(415, "unsupported-media-type"),
                Map.entry(422, "validation-error"),
                Map.entry(429, "too-many-requests"),
                Map.entry(503, "busy"))
                .getOrDefault(status, "internal-error");
    }
}
