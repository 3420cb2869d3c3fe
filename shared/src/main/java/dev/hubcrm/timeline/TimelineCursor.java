package dev.hubcrm.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * The timeline's cursor: for each history, the cursor of its own list where the timeline stands
 * (absent: from its newest event; {@link #DONE}: all of it shown), as base64url JSON. Each
 * history's cursor is checked again by that history's list.
 */
final class TimelineCursor {
    static final String DONE = "done";

    private TimelineCursor() {
    }

    static String encode(Map<TimelineEvent.Kind, String> positions) {
        ObjectNode json = Json.object();
        positions.forEach((kind, position) -> {
            if (position != null) {
                json.put(kind.wire(), position);
            }
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<TimelineEvent.Kind, String> decode(String cursor) {
        Map<TimelineEvent.Kind, String> positions = new EnumMap<>(TimelineEvent.Kind.class);
        if (cursor == null) {
            return positions;
        }
        try {
            JsonNode json = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            for (TimelineEvent.Kind kind : TimelineEvent.Kind.values()) {
                JsonNode position = json.path(kind.wire());
                if (position.isTextual()) {
                    positions.put(kind, position.asText());
                }
            }
            if (json.isObject() && json.size() == positions.size()) {
                return positions;
            }
        } catch (IllegalArgumentException | IOException notOurs) {
            // answered below like any other cursor that is not from this list
        }
        throw ValidationException.of("cursor", "is not a cursor of this list; pass nextCursor of the previous page");
    }
}
