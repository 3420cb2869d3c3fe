package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Segments over HTTP against the local server, whose table stream feeds the real segment
 * evaluator: membership follows customer changes without any call but the change itself.
 */
class SegmentsE2ETest {
    /** A bound on waiting for the stream, not a speed requirement: the evaluator usually takes well under a second. */
    private static final Duration ARRIVES_WITHIN = Duration.ofSeconds(60);
    private static String key;

    @BeforeAll
    static void hub() {
        key = TestApi.newHub("Segments E2E");
    }

    private static String customer(String name, boolean consent, String... tags) {
        String body = "{\"firstName\":\"" + name + "\",\"email\":\"" + name.toLowerCase() + "@seg.example\",\"marketingConsent\":" + consent
                + ",\"tags\":[" + String.join(",", Arrays.stream(tags).map(t -> "\"" + t + "\"").toList()) + "]}";
        TestApi.Response created = call("POST", "/v1/customers", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static String segment(String name, String rule) {
        TestApi.Response created = call("POST", "/v1/segments", key, "{\"name\":\"" + name + "\",\"rule\":" + rule + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/v1/segments/" + id);
        assertThat(created.json().get("status").asText()).isEqualTo("building");
        eventually("segment " + name + " ready", () -> call("GET", "/v1/segments/" + id, key, null).json(),
                json -> json.get("status").asText().equals("ready"));
        return id;
    }

    private static Set<String> members(String segmentId) {
        TestApi.Response members = call("GET", "/v1/segments/" + segmentId + "/members?limit=200", key, null);
        assertThat(members.status()).as(members.body()).isEqualTo(200);
        return new TreeSet<>(members.json().get("items").findValuesAsText("id"));
    }

    /** The customer list filtered by the segment, which must agree with its members. */
    private static Set<String> customersIn(String segmentId, String otherFilters) {
        TestApi.Response filtered = call("GET", "/v1/customers?segment=" + segmentId + "&limit=200" + otherFilters, key, null);
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        return new TreeSet<>(filtered.json().get("items").findValuesAsText("id"));
    }

    private static <T> T eventually(String what, Supplier<T> read, Predicate<T> done) {
        return TestApi.eventually(what, ARRIVES_WITHIN, read, done);
    }

    @Test
    void aTagChangeMovesTheCustomerInEveryAffectedSegmentAndNoOther() {
        String ann = customer("Ann", true, "vip");
        String bob = customer("Bob", false, "retail/shops");
        String cid = customer("Cid", true, "vip", "retail");
        String vip = segment("VIP", "{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"vip\"}");
        String retail = segment("Retail", "{\"field\":\"tags\",\"op\":\"prefix\",\"value\":\"retail\"}");
        String notVip = segment("Not VIP", "{\"not\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"vip\"}}");
        String people = segment("People", "{\"all\":[{\"field\":\"type\",\"op\":\"eq\",\"value\":\"person\"},"
                + "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"@seg.example\"}]}");
        assertThat(members(vip)).containsExactlyInAnyOrder(ann, cid);
        assertThat(members(retail)).containsExactlyInAnyOrder(bob, cid);
        assertThat(members(notVip)).containsExactly(bob);
        assertThat(members(people)).containsExactlyInAnyOrder(ann, bob, cid);

        TestApi.Response patched = call("PATCH", "/v1/customers/" + bob, key, "{\"tags\":[\"vip\"]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        eventually("Bob in VIP", () -> members(vip), ids -> ids.contains(bob));
        assertThat(members(vip)).containsExactlyInAnyOrder(ann, bob, cid);
        assertThat(members(retail)).containsExactly(cid);
        assertThat(members(notVip)).isEmpty();
        assertThat(members(people)).as("a segment the change does not affect").containsExactlyInAnyOrder(ann, bob, cid);
        assertThat(customersIn(vip, "")).isEqualTo(members(vip));
        assertThat(customersIn(people, "&tag=retail")).containsExactly(cid);

        assertThat(call("DELETE", "/v1/customers/" + cid, key, null).status()).isEqualTo(204);
        eventually("Cid gone from VIP", () -> members(vip), ids -> !ids.contains(cid));
        assertThat(members(retail)).isEmpty();
    }

    @Test
    void editingTheRuleRebuildsAndEmailsListConsentedMembers() {
        String dee = customer("Dee", true, "box");
        String eve = customer("Eve", false, "box");
        String fay = customer("Fay", true, "crate");
        String group = segment("Boxes", "{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"box\"}");
        TestApi.Response emails = call("GET", "/v1/segments/" + group + "/emails", key, null);
        assertThat(emails.status()).isEqualTo(200);
        assertThat(emails.header("Content-Type")).startsWith("text/plain");
        assertThat(emails.body()).isEqualTo("dee@seg.example\n");
        assertThat(call("GET", "/v1/segments/" + group + "/emails?all=true", key, null).body().lines().sorted().toList())
                .containsExactly("dee@seg.example", "eve@seg.example");

        TestApi.Response edited = call("PATCH", "/v1/segments/" + group, key,
                "{\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"crate\"}}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("status").asText()).isEqualTo("building");
        eventually("rebuilt", () -> call("GET", "/v1/segments/" + group, key, null).json(), json -> json.get("status").asText().equals("ready"));
        assertThat(members(group)).containsExactly(fay);
        assertThat(dee).isNotEqualTo(eve);

        TestApi.Response bulk = call("POST", "/v1/customers/bulk", key, "{\"segmentId\":\"" + group + "\",\"addTags\":[\"promo\"]}");
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.json().get("updated").asInt()).isEqualTo(1);
        assertThat(call("GET", "/v1/customers/" + fay, key, null).json().get("tags").toString()).contains("promo");

        assertThat(call("DELETE", "/v1/segments/" + group, key, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/segments/" + group, key, null).status()).isEqualTo(404);
        assertThat(call("GET", "/v1/segments/" + group + "/members", key, null).status()).isEqualTo(404);
        assertThat(call("GET", "/v1/customers?segment=" + group, key, null).status()).isEqualTo(404);
    }

    @Test
    void previewCountsWithoutSaving() {
        customer("Gus", true, "preview-only");
        TestApi.Response preview = call("POST", "/v1/segments/preview", key,
                "{\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"preview-only\"}}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("count").asInt()).isEqualTo(1);
        assertThat(preview.json().get("sample").get(0).get("firstName").asText()).isEqualTo("Gus");
        JsonNode list = call("GET", "/v1/segments", key, null).json();
        assertThat(list.get("items").findValuesAsText("name")).doesNotContain("preview-only");
    }

    @Test
    void aBadRuleIsA422NamingTheBadPart() {
        TestApi.Response bad = call("POST", "/v1/segments", key,
                "{\"name\":\"Bad\",\"rule\":{\"all\":[{\"field\":\"tags\",\"op\":\"exists\"},{\"field\":\"shoeSize\",\"op\":\"gt\",\"value\":40}]}}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("rule.all[1].field");
        assertThat(bad.json().get("errors").get(0).get("message").asText()).contains("shoeSize");
        TestApi.Response badOp = call("POST", "/v1/segments/preview", key, "{\"rule\":{\"field\":\"tags\",\"op\":\"like\",\"value\":\"x\"}}");
        assertThat(badOp.status()).isEqualTo(422);
        assertThat(badOp.json().get("errors").get(0).get("field").asText()).isEqualTo("rule.op");
    }

    @Test
    void theRefreshJobRunsLocally() {
        TestApi.Response run = call("POST", "/_local/jobs/segment-refresh", null, null);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("job").asText()).isEqualTo("segment-refresh");
        assertThat(call("POST", "/_local/jobs/no-such-job", null, null).status()).isEqualTo(404);
    }
}
