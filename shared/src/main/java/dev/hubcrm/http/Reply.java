package dev.hubcrm.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operation answers: a status, a JSON body or a text body (or none) and extra headers.
 *
 * @param text a non-JSON body (CSV, plain text); its Content-Type is among the headers
 * @param carriesSecret the body holds a secret shown once (a new API key), so it is never stored,
 *     not even for an {@code Idempotency-Key} replay
 */
public record Reply(int status, JsonNode body, String text, Map<String, String> headers, boolean carriesSecret) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body, null, Map.of(), false);
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, null, Map.of("Location", location), false);
    }

    /** A 200 with a text body of {@code contentType}. */
    public static Reply text(String contentType, String text) {
        return new Reply(200, null, text, Map.of("Content-Type", contentType), false);
    }

    /** The status with a JSON body (a 200 or a 201, say, for the same shape). */
    public static Reply json(int status, JsonNode body) {
        return new Reply(status, body, null, Map.of(), false);
    }

    public static Reply noContent() {
        return new Reply(204, null, null, Map.of(), false);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, body, text, all, carriesSecret);
    }

    public Reply withSecret() {
        return new Reply(status, body, text, headers, true);
    }
}
