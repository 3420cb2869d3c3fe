package dev.hubcrm.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operation answers: a status, a JSON body (or none) and extra headers.
 *
 * @param carriesSecret the body holds a secret shown once (a new API key), so it is never stored,
 *     not even for an {@code Idempotency-Key} replay
 */
public record Reply(int status, JsonNode body, Map<String, String> headers, boolean carriesSecret) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of(), false);
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, Map.of("Location", location), false);
    }

    public static Reply noContent() {
        return new Reply(204, null, Map.of(), false);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, body, all, carriesSecret);
    }

    public Reply withSecret() {
        return new Reply(status, body, headers, true);
    }
}
