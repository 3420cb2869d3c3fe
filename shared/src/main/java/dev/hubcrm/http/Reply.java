package dev.hubcrm.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an operation answers: a status, a JSON body (or none) and extra headers. */
public record Reply(int status, JsonNode body, Map<String, String> headers) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, Map.of("Location", location));
    }

    public static Reply noContent() {
        return new Reply(204, null, Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, body, all);
    }
}
