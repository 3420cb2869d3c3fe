package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.routes.Access;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the route table: every hub route that names an id, called with hub B's key on hub A's id,
 * answers 404, says nothing of A, and changes nothing. A new route with an id fails here until it
 * has a fixture below, so no route escapes the walk.
 */
class TenantIsolationTest {
    private static String keyA;
    private static String keyB;
    private static String customerOfA;
    private static String apiKeyOfA;
    private static String importOfA;
    private static String segmentOfA;
    private static String exportOfA;
    private static String campaignOfA;
    private static String noteOfA;
    private static String channelOfA;
    private static String postOfA;

    /** Hub A's resource for each path with an id. */
    private static final Map<String, Function<Void, String>> IDS_OF_A = Map.of(
            "/v1/customers/{id}", none -> customerOfA,
            "/v1/hub/api-keys/{id}", none -> apiKeyOfA,
            "/v1/imports/{id}", none -> importOfA,
            "/v1/segments/{id}", none -> segmentOfA,
            "/v1/exports/{id}", none -> exportOfA,
            "/v1/campaigns/{id}", none -> campaignOfA,
            "/v1/channels/{id}", none -> channelOfA);

    /** Hub A's resource for each second id of a path ({@code /v1/customers/{id}/notes/{noteId}}). */
    private static final Map<String, Function<Void, String>> INNER_IDS_OF_A = Map.of("{noteId}", none -> noteOfA,
            "{postId}", none -> postOfA);

    /** A request body that would be valid, so that only the tenant check can refuse it. */
    private static final Map<String, String> VALID_BODIES = Map.ofEntries(
            Map.entry("PATCH /v1/customers/{id}", "{\"firstName\":\"Mallory\"}"),
            Map.entry("POST /v1/customers/{id}/orders", "{\"orderRef\":\"mallory-1\",\"total\":100,\"placedAt\":\"2026-01-01T00:00:00Z\"}"),
            Map.entry("POST /v1/customers/{id}/relations", "{\"kind\":\"linked\",\"customerId\":\"cus_00000000000000000000000000\"}"),
            Map.entry("PATCH /v1/segments/{id}", "{\"name\":\"Mallory\"}"),
            Map.entry("POST /v1/customers/{id}/notes", "{\"kind\":\"note\",\"body\":\"Mallory\"}"),
            Map.entry("PATCH /v1/customers/{id}/notes/{noteId}", "{\"body\":\"Mallory\"}"),
            Map.entry("POST /v1/customers/{id}/wallet/charges", "{\"amount\":100,\"orderRef\":\"mallory-2\"}"),
            Map.entry("POST /v1/customers/{id}/wallet/refunds", "{\"chargeId\":\"wtx_00000000000000000000000000\",\"amount\":100}"),
            Map.entry("POST /v1/customers/{id}/wallet/adjustments", "{\"amount\":100000,\"reason\":\"mallory\"}"),
            Map.entry("POST /v1/customers/{id}/wallet/top-ups", "{\"amount\":1000}"),
            Map.entry("PATCH /v1/campaigns/{id}", "{\"name\":\"Mallory\"}"),
            Map.entry("PATCH /v1/channels/{id}", "{\"name\":\"Mallory\"}"),
            Map.entry("POST /v1/channels/{id}/posts", "{\"body\":\"Mallory\"}"),
            Map.entry("POST /v1/campaigns/{id}/preview", "{\"customerId\":\"cus_00000000000000000000000000\"}"),
            Map.entry("POST /v1/campaigns/{id}/test", "{\"to\":\"mallory@example.com\"}"),
            Map.entry("POST /v1/campaigns/{id}/schedule", "{\"at\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}"),
            Map.entry("PUT /v1/hubs/{id}/stripe-account", "{\"stripeAccountId\":\"acct_1Mallory\"}"));

    @BeforeAll
    static void twoHubs() {
        keyA = TestApi.newHub("Tenant A");
        keyB = TestApi.newHub("Tenant B");
        customerOfA = call("POST", "/v1/customers", keyA,
                "{\"firstName\":\"Alice\",\"lastName\":\"Secret\",\"email\":\"alice@tenant-a.example\",\"tags\":[\"a-only\"]}")
                .json().get("id").asText();
        apiKeyOfA = call("POST", "/v1/hub/api-keys", keyA, "{\"name\":\"second\"}").json().get("id").asText();
        importOfA = call("POST", "/v1/imports?dryRun=true", keyA, "email,firstName\nalice@tenant-a.example,Alice\n",
                "Content-Type", "text/csv").json().get("id").asText();
        segmentOfA = call("POST", "/v1/segments", keyA,
                "{\"name\":\"Tenant A only\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"a-only\"}}")
                .json().get("id").asText();
        noteOfA = call("POST", "/v1/customers/" + customerOfA + "/notes", keyA,
                "{\"kind\":\"reminder\",\"body\":\"Alice Secret owes us\",\"dueAt\":\"2026-01-01T00:00:00Z\"}").json().get("id").asText();
        // a small hub's export is the CSV itself; asking for the job makes one to hide
        exportOfA = call("GET", "/v1/customers/export", keyA, null, "Prefer", "respond-async").json().get("id").asText();
        campaignOfA = call("POST", "/v1/campaigns", keyA, "{\"name\":\"Tenant A news\",\"segmentId\":\"" + segmentOfA
                + "\",\"subject\":\"Hi {{firstName}}\",\"text\":\"For Alice\"}").json().get("id").asText();
        channelOfA = call("POST", "/v1/channels", keyA, "{\"name\":\"Tenant A room\",\"segmentId\":\"" + segmentOfA + "\"}")
                .json().get("id").asText();
        postOfA = call("POST", "/v1/channels/" + channelOfA + "/posts", keyA, "{\"body\":\"Alice Secret tasting\"}").json().get("id").asText();
    }

    @TestFactory
    List<DynamicTest> everyRouteWithAnIdHidesOtherHubs() {
        return RouteTable.ROUTES.stream()
                .filter(route -> route.access().hub() && route.path().contains("{"))
                .map(route -> DynamicTest.dynamicTest(route.key(), () -> assertHidden(route)))
                .toList();
    }

    @TestFactory
    List<DynamicTest> everyListShowsOnlyTheCallersHub() {
        return RouteTable.ROUTES.stream()
                .filter(route -> route.access().hub() && route.method().equals("GET") && !route.path().contains("{"))
                .map(route -> DynamicTest.dynamicTest(route.key(), () -> {
                    TestApi.Response response = call("GET", route.path(), keyB, null);
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).doesNotContain(customerOfA, apiKeyOfA, segmentOfA, "alice@tenant-a.example", "Tenant A");
                }))
                .toList();
    }

    /** Operator routes that act on a hub: a hub key (even the hub's own) is a 401 there, and changes nothing. */
    @TestFactory
    List<DynamicTest> noHubKeyReachesAnOperatorRoute() {
        return RouteTable.ROUTES.stream()
                .filter(route -> route.access() == Access.OPERATOR && route.path().contains("{"))
                .map(route -> DynamicTest.dynamicTest(route.key(), () -> {
                    String hubOfA = call("GET", "/v1/hub", keyA, null).json().get("id").asText();
                    String before = call("GET", "/v1/hub", keyA, null).body();
                    for (String key : List.of(keyA, keyB)) {
                        TestApi.Response response = call(route.method(), route.path().replace("{id}", hubOfA), key,
                                VALID_BODIES.getOrDefault(route.key(), "{}"));
                        assertThat(response.status()).as(route.key() + " " + response.body()).isEqualTo(401);
                    }
                    assertThat(call("GET", "/v1/hub", keyA, null).body()).isEqualTo(before);
                }))
                .toList();
    }

    private static void assertHidden(Route route) {
        String template = route.path().substring(0, route.path().indexOf('{')) + "{id}";
        assertThat(IDS_OF_A).as("a fixture id of hub A for " + route.path()).containsKey(template);
        String id = IDS_OF_A.get(template).apply(null);
        String before = call("GET", "/v1/customers/" + customerOfA, keyA, null).body();
        String noteBefore = call("GET", "/v1/customers/" + customerOfA + "/notes/" + noteOfA, keyA, null).body();
        String campaignBefore = call("GET", "/v1/campaigns/" + campaignOfA, keyA, null).body();
        String path = route.path().replace("{id}", id);
        for (Map.Entry<String, Function<Void, String>> inner : INNER_IDS_OF_A.entrySet()) {
            path = path.replace(inner.getKey(), inner.getValue().apply(null));
        }
        assertThat(path).as("a fixture id of hub A for every id of " + route.path()).doesNotContain("{");

        TestApi.Response response = call(route.method(), path, keyB,
                route.method().equals("GET") || route.method().equals("DELETE") ? null : VALID_BODIES.getOrDefault(route.key(), "{}"));

        assertThat(response.status()).as(route.key() + " " + response.body()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("alice@tenant-a.example", "Alice", "Secret", "Tenant A");
        assertThat(call("GET", "/v1/customers/" + customerOfA, keyA, null).body()).isEqualTo(before);
        assertThat(call("GET", "/v1/customers/" + customerOfA + "/notes/" + noteOfA, keyA, null).body()).isEqualTo(noteBefore);
        assertThat(call("GET", "/v1/campaigns/" + campaignOfA, keyA, null).body()).as("scheduled or cancelled by another hub")
                .isEqualTo(campaignBefore);
        assertThat(call("GET", "/v1/hub/api-keys", keyA, null).json().get("items").findValuesAsText("revokedAt")).isEmpty();
    }
}
