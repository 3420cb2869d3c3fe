package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a clear problem+json and writes nothing. */
class BadInputE2ETest {
    private static String key;

    @BeforeAll
    static void hub() {
        key = TestApi.newHub("Bad input");
    }

    private static int customerCount() {
        return CustomersApiE2ETest.ids(key, "/v1/customers?limit=200").size();
    }

    /** A problem+json answer of this status, as every error of the API (and of the local helpers) is. */
    static void assertProblem(TestApi.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("type").asText()).startsWith("urn:hubcrm:problem:");
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON          | {\"firstName\": \"A\",                                       | 400 | ",
        "trailing garbage        | {\"firstName\":\"A\",\"email\":\"a@b.example\"} x            | 400 | ",
        "not an object           | [1,2,3]                                                        | 422 | body",
        "wrong type              | {\"firstName\":\"A\",\"email\":\"a@b.example\",\"tags\":\"x\"} | 422 | tags",
        "boolean as string       | {\"firstName\":\"A\",\"email\":\"a@b.example\",\"marketingConsent\":\"yes\"} | 422 | marketingConsent",
        "unknown field           | {\"fristName\":\"A\",\"email\":\"a@b.example\"}               | 422 | fristName",
        "read-only field         | {\"firstName\":\"A\",\"email\":\"a@b.example\",\"orderCount\":3} | 422 | orderCount",
        "invalid email           | {\"firstName\":\"A\",\"email\":\"a@@b\"}                       | 422 | email",
        "email with space        | {\"firstName\":\"A\",\"email\":\"a b@c.example\"}              | 422 | email",
        "no name                 | {\"email\":\"a@b.example\"}                                    | 422 | firstName",
        "no email nor phone      | {\"firstName\":\"A\"}                                          | 422 | email",
        "bad type                | {\"firstName\":\"A\",\"email\":\"a@b.example\",\"type\":\"robot\"} | 422 | type",
        "bad tag                 | {\"firstName\":\"A\",\"email\":\"a@b.example\",\"tags\":[\"ok\",\"/bad//\"]} | 422 | tags[1]",
        "nested custom field     | {\"firstName\":\"A\",\"email\":\"a@b.example\",\"fields\":{\"x\":{\"y\":1}}} | 422 | fields.x",
    })
    void refusesAndWritesNothing(String label, String body, int status, String field) {
        int before = customerCount();
        TestApi.Response response = call("POST", "/v1/customers", key, body);
        assertProblem(response, status);
        if (field != null) {
            assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
        }
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void bodiesOverOneMegabyteAre413() throws IOException {
        Path big = Files.createTempFile("big", ".json");
        try (Writer out = Files.newBufferedWriter(big)) {
            out.write("{\"firstName\":\"");
            out.write("a".repeat(1_100_000));
            out.write("\",\"email\":\"big@example.com\"}");
        }
        int before = customerCount();
        assertProblem(TestApi.callWithFile("POST", "/v1/customers", key, big), 413);
        assertThat(customerCount()).isEqualTo(before);
    }

    /**
     * A tag of almost a megabyte of spaces (the body limit) is refused at once on every route that
     * reads tags; a regex over it used to spend minutes of CPU per request.
     */
    @Test
    void aTagOfAMegabyteOfSpacesIsA422OnEveryRouteThatReadsTags() {
        String tag = "a" + " ".repeat(1_000_000) + "/b";
        int before = customerCount();
        assertNamed(call("POST", "/v1/customers", key, "{\"firstName\":\"T\",\"email\":\"t@example.com\",\"tags\":[\"" + tag + "\"]}"),
                "tags[0]");
        assertThat(customerCount()).isEqualTo(before);
        assertNamed(call("POST", "/v1/segments/preview", key, "{\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"" + tag + "\"}}"),
                "rule");
        assertNamed(call("POST", "/v1/customers/bulk", key, "{\"ids\":[\"cus_x\"],\"addTags\":[\"" + tag + "\"]}"), "addTags[0]");
        String tooMany = String.join(",", java.util.stream.IntStream.rangeClosed(0, 40).mapToObj(i -> "\"t" + i + "\"").toList());
        assertNamed(call("POST", "/v1/customers/bulk", key, "{\"ids\":[\"cus_x\"],\"removeTags\":[" + tooMany + "]}"), "removeTags");
        assertNamed(call("GET", "/v1/customers?tag=a" + "%20".repeat(5000) + "b", key, null), "tag");
    }

    private static void assertNamed(TestApi.Response response, String field) {
        assertProblem(response, 422);
        assertThat(response.json().get("errors").findValuesAsText("field")).containsExactly(field);
    }

    @Test
    void requestsWithoutAValidKeyAre401() {
        assertProblem(call("GET", "/v1/customers", null, null), 401);
        assertProblem(call("GET", "/v1/customers", "hcrm.hub_01ARZ3NDEKTSV4RRFFQ69G5FAV.key_01ARZ3NDEKTSV4RRFFQ69G5FAV.nope", null), 401);
        assertProblem(call("GET", "/v1/customers", "garbage", null), 401);
        assertProblem(call("GET", "/v1/customers", key, null, "Authorization", "Basic " + key), 401);
    }

    @Test
    void badListParametersAre422() {
        assertProblem(call("GET", "/v1/customers?limit=0", key, null), 422);
        assertProblem(call("GET", "/v1/customers?limit=201", key, null), 422);
        assertProblem(call("GET", "/v1/customers?limit=ten", key, null), 422);
        assertProblem(call("GET", "/v1/customers?status=gold", key, null), 422);
        assertProblem(call("GET", "/v1/customers?cursor=not-a-cursor", key, null), 422);
        assertProblem(call("GET", "/v1/customers?tags=typo", key, null), 422);
    }

    @Test
    void valuesTheStoreCannotHoldAreRefusedNotFailed() {
        int before = customerCount();
        assertProblem(call("POST", "/v1/customers", key, "{\"firstName\":\"N\",\"email\":\"n@example.com\",\"fields\":{\"x\":1e300}}"), 422);
        assertProblem(call("POST", "/v1/customers", key, "{\"firstName\":\"N\",\"email\":\"n@example.com\",\"fields\":{\"x\":1e-200}}"), 422);
        assertProblem(call("POST", "/v1/customers", key, "{\"firstName\":\"N\",\"email\":\"n@example.com\",\"fields\":{\"x\":1e999999999}}"), 422);
        assertThat(customerCount()).isEqualTo(before);
        String hangul = "한".repeat(100);
        TestApi.Response longNames = call("POST", "/v1/customers", key,
                "{\"firstName\":\"" + hangul + "\",\"lastName\":\"" + hangul + "\",\"email\":\"" + "한".repeat(200) + "@example.com\"}");
        assertThat(longNames.status()).as(longNames.body()).isEqualTo(201);
        assertThat(CustomersApiE2ETest.ids(key, "/v1/customers?q=" + "%ED%95%9C".repeat(3))).containsExactly(longNames.json().get("id").asText());
        String longId = "cus_" + "x".repeat(2000);
        assertProblem(call("GET", "/v1/customers/" + longId, key, null), 404);
        assertProblem(call("DELETE", "/v1/customers/" + longId, key, null), 404);
        assertProblem(call("DELETE", "/v1/hub/api-keys/" + "k".repeat(2000), key, null), 404);
    }

    @Test
    void weakOrListedIfMatchNeverMatches() {
        String id = call("POST", "/v1/customers", key, "{\"firstName\":\"W\",\"email\":\"w@example.com\"}").json().get("id").asText();
        assertProblem(call("PATCH", "/v1/customers/" + id, key, "{\"firstName\":\"V\"}", "If-Match", "W/\"1\""), 412);
        assertThat(call("GET", "/v1/customers/" + id, key, null).json().get("firstName").asText()).isEqualTo("W");
    }

    @Test
    void otherBadRequests() {
        assertProblem(call("POST", "/v1/customers", key, "{\"firstName\":\"A\",\"email\":\"ct@example.com\"}",
                "Content-Type", "text/plain"), 415);
        assertProblem(call("POST", "/v1/customers", key, ""), 400);
        assertProblem(call("GET", "/v1/customers/cus_unknown", key, null), 404);
        assertProblem(call("PATCH", "/v1/customers/cus_unknown", key, "{}", "If-Match", "\"1\""), 404);
        String id = call("POST", "/v1/customers", key, "{\"firstName\":\"M\",\"email\":\"m@example.com\"}").json().get("id").asText();
        assertProblem(call("PATCH", "/v1/customers/" + id, key, "{}", "If-Match", "nonsense"), 412);
        assertProblem(call("POST", "/v1/customers", key, "{\"firstName\":\"A\",\"email\":\"k@example.com\"}",
                "Idempotency-Key", "x".repeat(300)), 400);
        assertThat(call("GET", "/v2/nothing", key, null).status()).isEqualTo(404);
    }
}
