package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.quotas.Quota;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fairness between hubs over HTTP: a hub that uses up a quota gets 429 problems with
 * {@code Retry-After}, and other hubs (and the hub's other customers, for per-customer quotas) go on.
 */
class QuotasE2ETest {
    private static final String RULE = "{\"rule\":{\"field\":\"tags\",\"op\":\"exists\"}}";

    @Test
    void aHubThatPreviewsTooOftenIsToldWhenToRetryAndAnotherHubIsNot() {
        String busy = TestApi.newHub("Busy previewer");
        String quiet = TestApi.newHub("Quiet previewer");

        TestApi.Response refused = firstRefusal(Quota.SEGMENT_PREVIEWS, () -> call("POST", "/v1/segments/preview", busy, RULE));

        assertTooManyRequests(refused, Quota.SEGMENT_PREVIEWS);
        TestApi.Response other = call("POST", "/v1/segments/preview", quiet, RULE);
        assertThat(other.status()).as(other.body()).isEqualTo(200);
    }

    @Test
    void portalTopUpsAreLimitedPerCustomerNotPerHub() {
        String key = TestApi.newHub("Portal top-ups");
        String eager = portalPath(key, "eager@example.com");
        String calm = portalPath(key, "calm@example.com");

        TestApi.Response refused = firstRefusal(Quota.PORTAL_TOP_UPS, () -> call("POST", eager + "/top-ups", null, "{\"amount\":1000}"));

        assertTooManyRequests(refused, Quota.PORTAL_TOP_UPS);
        TestApi.Response other = call("POST", calm + "/top-ups", null, "{\"amount\":1000}");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
    }

    /** The hub's other expensive operations, each until refused: the quota each takes, and a request that takes it. */
    @Test
    void importsUploadsExportJobsAndBulkChangesEachTakeTheirQuota() {
        String key = TestApi.newHub("Every quota");
        AtomicInteger exports = new AtomicInteger();
        Map<Quota, Supplier<TestApi.Response>> requests = Map.of(
                Quota.IMPORTS, () -> call("POST", "/v1/imports?dryRun=true", key, "email,firstName\nana@example.com,Ana\n",
                        "Content-Type", "text/csv"),
                Quota.IMPORT_UPLOADS, () -> call("POST", "/v1/imports/uploads", key, "{\"size\":1024}"),
                // Another filter each time: asking again for a running export answers it without a new job.
                Quota.EXPORTS, () -> call("GET", "/v1/customers/export?q=x" + exports.incrementAndGet(), key, null,
                        "Prefer", "respond-async"),
                Quota.BULK_CHANGES, () -> call("POST", "/v1/customers/bulk", key, "{\"ids\":[\"cus_unknown\"],\"addTags\":[\"x\"]}"));

        requests.forEach((quota, request) -> assertTooManyRequests(firstRefusal(quota, request), quota));
    }

    /**
     * Sends until the first 429. Windows are fixed, so a run that crosses into the next window gets a
     * fresh count once: within twice the limit plus one requests a refusal must come.
     */
    private static TestApi.Response firstRefusal(Quota quota, Supplier<TestApi.Response> request) {
        for (long sent = 0; sent <= 2 * quota.limit(); sent++) {
            TestApi.Response response = request.get();
            if (response.status() == 429) {
                return response;
            }
            assertThat(response.status()).as(response.body()).isBetween(200, 299);
        }
        throw new AssertionError("no 429 after " + (2 * quota.limit() + 1) + " requests within " + quota);
    }

    private static void assertTooManyRequests(TestApi.Response refused, Quota quota) {
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:hubcrm:problem:too-many-requests");
        assertThat(refused.json().get("status").asInt()).isEqualTo(429);
        assertThat(refused.json().get("detail").asText()).contains("at most " + quota.limit() + " " + quota.name());
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, quota.window().toSeconds());
    }

    private static String portalPath(String key, String email) {
        String customer = call("POST", "/v1/customers", key, "{\"firstName\":\"Ana\",\"email\":\"" + email + "\"}").json().get("id").asText();
        TestApi.Response link = call("POST", "/v1/customers/" + customer + "/portal-link", key, null);
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        return TestApi.pathOf(link.json().get("url").asText());
    }
}
