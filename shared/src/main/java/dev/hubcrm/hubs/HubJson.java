package dev.hubcrm.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.List;
import java.util.Set;

/** The JSON shape of hubs and API keys in the API. */
public final class HubJson {
    private HubJson() {
    }

    public static NewHub newHub(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("name", "currency", "timezone"));
        NewHub hub = new NewHub(input.string("name"), input.string("currency"), input.string("timezone"));
        input.validate();
        return hub;
    }

    /** The settings a hub may change, the document {@code PATCH /v1/hub} merges into. */
    public static ObjectNode settings(HubSettings settings) {
        ObjectNode json = Json.object();
        json.put("name", settings.name());
        json.put("timezone", settings.timezone());
        if (settings.senderEmail() != null) {
            json.put("senderEmail", settings.senderEmail());
        }
        return json;
    }

    public static HubSettings settings(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("name", "timezone", "senderEmail"));
        HubSettings settings = new HubSettings(input.string("name"), input.string("timezone"), input.string("senderEmail"));
        input.validate();
        return settings;
    }

    /** The optional {@code {name}} of a new key; an empty body is fine. */
    public static String keyName(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("name"));
        String name = input.string("name");
        input.validate();
        return name;
    }

    public static ObjectNode toJson(Hub hub) {
        ObjectNode json = Json.object();
        json.put("id", hub.id());
        json.put("name", hub.name());
        json.put("currency", hub.currency());
        json.put("timezone", hub.timezone());
        if (hub.senderEmail() != null) {
            json.put("senderEmail", hub.senderEmail());
        }
        json.put("createdAt", hub.createdAt().toString());
        json.put("updatedAt", hub.updatedAt().toString());
        return json;
    }

    /** A key without its secret, as listed. */
    public static ObjectNode toJson(ApiKey key) {
        ObjectNode json = Json.object();
        json.put("id", key.id());
        if (key.name() != null) {
            json.put("name", key.name());
        }
        json.put("createdAt", key.createdAt().toString());
        if (key.revokedAt() != null) {
            json.put("revokedAt", key.revokedAt().toString());
        }
        return json;
    }

    /** A key just issued: the only answer that ever carries the secret. */
    public static ObjectNode issued(IssuedKey issued) {
        return toJson(issued.key()).put("apiKey", issued.secret());
    }

    public static ObjectNode keys(List<ApiKey> keys) {
        ObjectNode json = Json.object();
        keys.forEach(key -> json.withArray("items").add(toJson(key)));
        json.withArray("items");
        json.putNull("nextCursor");
        return json;
    }
}
