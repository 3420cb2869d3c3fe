package dev.hubcrm.local;

import static dev.hubcrm.local.BadInputE2ETest.assertProblem;
import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract where it is exact (DESIGN.md): If-Match as RFC 9110 says, every list paged, every
 * create idempotent, and the local helpers answering problems like the API.
 */
class ContractE2ETest {
    private static String key;

    @BeforeAll
    static void hub() {
        key = TestApi.newHub("Contract");
    }

    private static String newCustomer(String name) {
        TestApi.Response created = call("POST", "/v1/customers", key,
                "{\"firstName\":\"" + name + "\",\"email\":\"" + name.toLowerCase() + "-" + System.nanoTime() + "@example.com\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @ParameterizedTest(name = "If-Match: {0}")
    @ValueSource(strings = {"\"2\"", "\"unknown\"", "W/\"1\"", "\"7\", \"8\"", "W/\"1\", \"2\"", "nonsense", "\"1\" trailing", "\"\""})
    void anIfMatchThatDoesNotMatchIs412ForPatchAndDeleteAndChangesNothing(String ifMatch) {
        String id = newCustomer("Ifmatch");

        assertProblem(call("PATCH", "/v1/customers/" + id, key, "{\"firstName\":\"Changed\"}", "If-Match", ifMatch), 412);
        assertProblem(call("DELETE", "/v1/customers/" + id, key, null, "If-Match", ifMatch), 412);

        TestApi.Response current = call("GET", "/v1/customers/" + id, key, null);
        assertThat(current.json().get("firstName").asText()).isEqualTo("Ifmatch");
        assertThat(current.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void aListHoldingTheCurrentTagMatchesAndAStarMatchesAnExistingCustomer() {
        String id = newCustomer("Listed");

        TestApi.Response listed = call("PATCH", "/v1/customers/" + id, key, "{\"firstName\":\"Two\"}", "If-Match", "W/\"1\", \"9\", \"1\"");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.header("ETag")).isEqualTo("\"2\"");
        TestApi.Response star = call("PATCH", "/v1/customers/" + id, key, "{\"firstName\":\"Three\"}", "If-Match", "*");
        assertThat(star.status()).as(star.body()).isEqualTo(200);
        assertThat(call("DELETE", "/v1/customers/" + id, key, null, "If-Match", "\"2\",\"3\"").status()).isEqualTo(204);
        assertProblem(call("DELETE", "/v1/customers/" + id, key, null, "If-Match", "*"), 404);
    }

    /** Every item of a list, page by page with ?limit, checking the cursor ends it. */
    private static List<JsonNode> everyPage(String path, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TestApi.Response page = call("GET", path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), key, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(limit);
            page.json().get("items").forEach(items::add);
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            assertThat(++pages).as("pages of " + path).isLessThan(20);
        } while (cursor != null);
        return items;
    }

    @Test
    void relationsAndApiKeysPageLikeEveryList() {
        String company = newCustomer("Company");
        List<String> related = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String employee = newCustomer("Employee" + i);
            related.add(employee);
            assertThat(call("POST", "/v1/customers/" + employee + "/relations", key,
                    "{\"kind\":\"employee-of\",\"customerId\":\"" + company + "\"}").status()).isEqualTo(201);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(call("POST", "/v1/hub/api-keys", key, "{\"name\":\"till " + i + "\"}").status()).isEqualTo(201);
        }

        TestApi.Response firstRelations = call("GET", "/v1/customers/" + company + "/relations?limit=2", key, null);
        assertThat(firstRelations.json().get("items")).hasSize(2);
        assertThat(firstRelations.json().get("nextCursor").isTextual()).isTrue();
        assertThat(everyPage("/v1/customers/" + company + "/relations", 2))
                .extracting(relation -> relation.get("customerId").asText()).containsExactlyInAnyOrderElementsOf(related);
        TestApi.Response firstKeys = call("GET", "/v1/hub/api-keys?limit=2", key, null);
        assertThat(firstKeys.json().get("items")).hasSize(2);
        assertThat(everyPage("/v1/hub/api-keys", 2)).extracting(k -> k.get("id").asText()).hasSize(5).doesNotHaveDuplicates();
        assertProblem(call("GET", "/v1/hub/api-keys?limit=0", key, null), 422);
        assertProblem(call("GET", "/v1/customers/" + company + "/relations?limit=201", key, null), 422);
        assertProblem(call("GET", "/v1/customers/" + company + "/relations?cursor=bm90LWEtY3Vyc29y", key, null), 422);
    }

    /** The same create twice under one Idempotency-Key: the first answer again, marked replayed. */
    private static TestApi.Response[] twice(String path, String apiKey, String body, String idempotencyKey) {
        TestApi.Response first = call("POST", path, apiKey, body, "Idempotency-Key", idempotencyKey);
        TestApi.Response second = call("POST", path, apiKey, body, "Idempotency-Key", idempotencyKey);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
        return new TestApi.Response[] {first, second};
    }

    @Test
    void everyCreateReplaysItsFirstAnswerForTheSameIdempotencyKey() {
        String ann = newCustomer("Ann");
        String bob = newCustomer("Bob");
        String relation = "{\"kind\":\"linked\",\"customerId\":\"" + bob + "\"}";
        twice("/v1/customers/" + ann + "/relations", key, relation, "relate-ann-bob");
        assertThat(call("GET", "/v1/customers/" + ann + "/relations", key, null).json().get("items")).hasSize(1);
        assertProblem(call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"referred-by\",\"customerId\":\"" + bob + "\"}", "Idempotency-Key", "relate-ann-bob"), 422);

        TestApi.Response[] uploads = twice("/v1/imports/uploads", key, "{\"size\":1024}", "upload-1");
        assertThat(uploads[1].json().get("id").asText()).isEqualTo(uploads[0].json().get("id").asText());

        TestApi.Response[] links = twice("/v1/customers/" + ann + "/portal-link", key, null, "link-1");
        String portal = TestApi.pathOf(links[0].json().get("url").asText());

        TestApi.Response[] topUps = twice(portal + "/top-ups", null, "{\"amount\":1500}", "portal-top-up-1");
        assertThat(topUps[1].json().get("id").asText()).isEqualTo(topUps[0].json().get("id").asText());
        assertProblem(call("POST", portal + "/top-ups", null, "{\"amount\":2500}", "Idempotency-Key", "portal-top-up-1"), 422);
        // Another customer's portal keeps its own keys: the same key is a new top-up there.
        String bobsPortal = TestApi.pathOf(call("POST", "/v1/customers/" + bob + "/portal-link", key, null).json().get("url").asText());
        TestApi.Response bobsTopUp = call("POST", bobsPortal + "/top-ups", null, "{\"amount\":1500}", "Idempotency-Key", "portal-top-up-1");
        assertThat(bobsTopUp.status()).as(bobsTopUp.body()).isEqualTo(201);
        assertThat(bobsTopUp.header("Idempotent-Replayed")).isNull();
        assertThat(bobsTopUp.json().get("id").asText()).isNotEqualTo(topUps[0].json().get("id").asText());
        // A key on a token that is no portal's is the token's 404, not a replay.
        assertProblem(call("POST", portal + "x/top-ups", null, "{\"amount\":1500}", "Idempotency-Key", "portal-top-up-1"), 404);
    }

    @Test
    void localHelpersAnswerProblemsLikeTheApi() {
        assertProblem(call("POST", "/_local/jobs/no-such-job", null, null), 404);
        TestApi.Response getJob = call("GET", "/_local/jobs/segment-refresh", null, null);
        assertProblem(getJob, 405);
        assertThat(getJob.header("Allow")).isEqualTo("POST");
        assertProblem(call("DELETE", "/_local/outbox", null, null), 405);
        assertProblem(call("GET", "/_local/outboxes", null, null), 404);
        assertProblem(call("POST", "/_local/checkout/cs_local_unknown", null, null), 404);
        assertProblem(call("GET", "/_local/nothing-here", null, null), 404);
        assertProblem(call("DELETE", "/_local/uploads/uploads/x", null, null), 405);
        assertProblem(call("PUT", "/_local/uploads/uploads/x?expires=soon", null, "data"), 400);
        assertProblem(call("PUT", "/_local/uploads/uploads/x?expires=1&signature=00", null, "data"), 403);
    }
}
