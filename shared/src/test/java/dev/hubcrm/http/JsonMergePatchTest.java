package dev.hubcrm.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** RFC 7396, Appendix A: original, patch, result. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"a":"b"}                       | {"a":"c"}                        | {"a":"c"}
            {"a":"b"}                       | {"b":"c"}                        | {"a":"b","b":"c"}
            {"a":"b"}                       | {"a":null}                       | {}
            {"a":"b","b":"c"}               | {"a":null}                       | {"b":"c"}
            {"a":["b"]}                     | {"a":"c"}                        | {"a":"c"}
            {"a":"c"}                       | {"a":["b"]}                      | {"a":["b"]}
            {"a":{"b":"c"}}                 | {"a":{"b":"d","c":null}}         | {"a":{"b":"d"}}
            {"a":[{"b":"c"}]}               | {"a":[1]}                        | {"a":[1]}
            ["a","b"]                       | ["c","d"]                        | ["c","d"]
            {"a":"b"}                       | ["c"]                            | ["c"]
            {"a":"foo"}                     | null                             | null
            {"a":"foo"}                     | "bar"                            | "bar"
            {"e":null}                      | {"a":1}                          | {"e":null,"a":1}
            [1,2]                           | {"a":"b","c":null}               | {"a":"b"}
            {}                              | {"a":{"bb":{"ccc":null}}}        | {"a":{"bb":{}}}
            """)
    void rfc7396AppendixA(String original, String patch, String result) throws Exception {
        assertThat(JsonMergePatch.apply(json(original), json(patch))).isEqualTo(json(result));
    }

    @Test
    void nullTargetIsTreatedAsAnEmptyObject() throws Exception {
        assertThat(JsonMergePatch.apply(null, json("{\"a\":1,\"b\":null}"))).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void deepMergeKeepsUntouchedSiblings() throws Exception {
        JsonNode target = json("{\"name\":\"Ann\",\"fields\":{\"size\":42,\"color\":\"red\"},\"tags\":[\"a\",\"b\"]}");
        JsonNode patch = json("{\"fields\":{\"color\":null,\"shoe\":\"x\"},\"tags\":[\"c\"]}");
        assertThat(JsonMergePatch.apply(target, patch))
                .isEqualTo(json("{\"name\":\"Ann\",\"fields\":{\"size\":42,\"shoe\":\"x\"},\"tags\":[\"c\"]}"));
    }

    @Test
    void neitherArgumentIsChanged() throws Exception {
        JsonNode target = json("{\"a\":{\"b\":\"c\",\"d\":[1]},\"e\":1}");
        JsonNode patch = json("{\"a\":{\"b\":null,\"x\":{\"y\":1}},\"e\":null,\"f\":[{\"g\":null}]}");
        JsonNode targetCopy = target.deepCopy();
        JsonNode patchCopy = patch.deepCopy();

        JsonNode result = JsonMergePatch.apply(target, patch);
        assertThat(result).isEqualTo(json("{\"a\":{\"d\":[1],\"x\":{\"y\":1}},\"f\":[{\"g\":null}]}"));
        assertThat(target).isEqualTo(targetCopy);
        assertThat(patch).isEqualTo(patchCopy);

        ((ObjectNode) result.get("a").get("x")).put("z", 2);
        ((ArrayNode) result.get("f")).add(3);
        assertThat(patch).as("the result shares no node with the patch").isEqualTo(patchCopy);
        ((ArrayNode) result.get("a").get("d")).add(2);
        assertThat(target).as("the result shares no node with the target").isEqualTo(targetCopy);
    }
}
