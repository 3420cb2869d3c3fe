package dev.hubcrm.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import java.util.function.Function;

/**
 * The one JSON configuration. Request bodies are read as trees and checked field by field
 * ({@link JsonInput}): unknown fields are rejected with a 422 naming them, so a typo such as
 * {@code fristName} never passes silently. Numbers keep full precision; responses omit nulls.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1_048_576).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Sets {@code name} only when there is a value: absent, not null, in the answer. */
    public static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /** A page as every list answers it: {@code {items, nextCursor}}, {@code nextCursor} null on the last page. */
    public static <T> ObjectNode page(Page<T> page, Function<T, ? extends JsonNode> item) {
        ObjectNode json = object();
        ArrayNode items = json.putArray("items");
        page.items().forEach(value -> items.add(item.apply(value)));
        return json.put("nextCursor", page.nextCursor());
    }
}
