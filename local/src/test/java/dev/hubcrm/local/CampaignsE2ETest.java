package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaigns over HTTP: drafts and their templates, preview for one customer, a test mail, and a send
 * through the local campaign queue and the real sender to every consenting member exactly once.
 */
class CampaignsE2ETest {
    private static final Duration SENT_WITHIN = Duration.ofSeconds(60);
    private static String key;
    private static String segmentId;
    private static String tag;

    @BeforeAll
    static void hubWithASegment() {
        key = TestApi.newHub("Campaign hub");
        tag = "news-" + UUID.randomUUID().toString().substring(0, 8);
        TestApi.Response segment = call("POST", "/v1/segments", key,
                "{\"name\":\"Newsletter\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"" + tag + "\"}}");
        assertThat(segment.status()).as(segment.body()).isEqualTo(201);
        segmentId = segment.json().get("id").asText();
    }

    static String customer(String key, String body) {
        TestApi.Response created = call("POST", "/v1/customers", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** The outbox items sent to {@code address}, oldest first. */
    static List<JsonNode> mailTo(String address) {
        List<JsonNode> mail = new ArrayList<>();
        for (JsonNode item : call("GET", "/_local/outbox", null, null).json().get("items")) {
            if (item.get("to").get(0).asText().equals(address)) {
                mail.add(item);
            }
        }
        return mail;
    }

    private static TestApi.Response createCampaign(String subject, String text, String html) {
        com.fasterxml.jackson.databind.node.ObjectNode body = dev.hubcrm.http.Json.object().put("name", "Spring box")
                .put("segmentId", segmentId).put("subject", subject).put("text", text);
        if (html != null) {
            body.put("html", html);
        }
        return call("POST", "/v1/campaigns", key, body.toString());
    }

    @Test
    void aDraftIsCreatedReadListedChangedAndDeleted() {
        TestApi.Response created = createCampaign("Hello {{firstName}}", "Hi {{firstName}}", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.headers().get("location")).isEqualTo("/v1/campaigns/" + id);
        assertThat(created.json().get("status").asText()).isEqualTo("draft");
        assertThat(created.json().get("stats").get("recipients").asLong()).isZero();

        TestApi.Response patched = call("PATCH", "/v1/campaigns/" + id, key, "{\"subject\":\"Spring is here, {{firstName}}\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(call("GET", "/v1/campaigns/" + id, key, null).json().get("subject").asText())
                .isEqualTo("Spring is here, {{firstName}}");
        assertThat(call("GET", "/v1/campaigns?limit=200", key, null).json().get("items").findValuesAsText("id")).contains(id);

        assertThat(call("DELETE", "/v1/campaigns/" + id, key, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/campaigns/" + id, key, null).status()).isEqualTo(404);
    }

    @Test
    void aTemplateThatDoesNotParseIsA422NamingItsPart() {
        TestApi.Response refused = createCampaign("Hello {{#open}}", "fine", "<p>{{> partial}}</p>");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("subject", "html");
        String id = createCampaign("s", "t", null).json().get("id").asText();
        TestApi.Response badPatch = call("PATCH", "/v1/campaigns/" + id, key, "{\"text\":\"{{/closing}}\"}");
        assertThat(badPatch.status()).as(badPatch.body()).isEqualTo(422);
        assertThat(badPatch.json().get("errors").findValuesAsText("field")).containsExactly("text");
    }

    @Test
    void anotherHubsSegmentIsRefused() {
        String otherKey = TestApi.newHub("Other campaign hub");
        TestApi.Response refused = call("POST", "/v1/campaigns", otherKey,
                "{\"name\":\"n\",\"segmentId\":\"" + segmentId + "\",\"subject\":\"s\",\"text\":\"t\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly("segmentId");
    }

    @Test
    void previewRendersForOneCustomerWithTheirUnsubscribeLinkAndHtmlEscaped() {
        assertThat(call("PATCH", "/v1/hub", key, "{\"fields\":[{\"name\":\"city\",\"type\":\"text\"}]}").status()).isEqualTo(200);
        String customerId = customer(key, "{\"firstName\":\"Zoé <i>\",\"lastName\":\"Martin\",\"email\":\"zoe-"
                + UUID.randomUUID() + "@example.com\",\"fields\":{\"city\":\"Lyon\"}}");
        String id = createCampaign("Hi {{firstName}} {{lastName}}", "{{firstName}} from {{fields.city}}: {{balance}} {{missing}}|{{unsubscribeUrl}}",
                "<p>{{firstName}}</p>").json().get("id").asText();

        TestApi.Response preview = call("POST", "/v1/campaigns/" + id + "/preview", key, "{\"customerId\":\"" + customerId + "\"}");

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("subject").asText()).isEqualTo("Hi Zoé <i> Martin");
        assertThat(preview.json().get("text").asText()).startsWith("Zoé <i> from Lyon: 0.00 EUR |" + TestApi.server().baseUrl() + "/u/");
        assertThat(preview.json().get("html").asText()).isEqualTo("<p>Zoé &lt;i&gt;</p>");
        TestApi.Response unknown = call("POST", "/v1/campaigns/" + id + "/preview", key, "{\"customerId\":\"cus_00000000000000000000000000\"}");
        assertThat(unknown.status()).isEqualTo(422);
    }

    @Test
    void aTestMailGoesToTheGivenAddressWithTheUnsubscribeHeaders() {
        String to = "tester-" + UUID.randomUUID() + "@example.com";
        String id = createCampaign("Hi {{firstName}}", "Body {{firstName}}.", null).json().get("id").asText();

        TestApi.Response sent = call("POST", "/v1/campaigns/" + id + "/test", key, "{\"to\":\"" + to + "\"}");

        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        List<JsonNode> mail = mailTo(to);
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).get("id").asText()).isEqualTo(sent.json().get("messageId").asText());
        assertThat(mail.get(0).get("subject").asText()).isEqualTo("[Test] Hi");
        assertThat(mail.get(0).get("text").asText()).isEqualTo("Body .");
        assertThat(mail.get(0).get("from").asText()).startsWith("\"Campaign hub\" <");
        assertThat(mail.get(0).get("headers").get("List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(mail.get(0).get("headers").get("List-Unsubscribe").asText()).startsWith("<" + TestApi.server().baseUrl() + "/u/");
        assertThat(call("GET", "/v1/campaigns/" + id, key, null).json().get("stats").get("sent").asLong()).isZero();
        assertThat(call("POST", "/v1/campaigns/" + id + "/test", key, "{\"to\":\"not an address\"}").status()).isEqualTo(422);
    }

    @Test
    void aSendReachesEveryConsentingMemberExactlyOnceAndASecondSendNothing() {
        String sendKey = TestApi.newHub("Sending hub");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sendTag = "send-" + run;
        List<String> consenting = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Map<String, String> customerIds = new HashMap<>();
        // More members than one snapshot step reads: the recipients are recorded in two pages.
        for (int i = 0; i < 110; i++) {
            boolean consents = i % 11 != 0;
            String email = "member-" + i + "-" + run + "@example.com";
            customerIds.put(email, customer(sendKey, "{\"firstName\":\"M" + i + "\",\"email\":\"" + email + "\",\"tags\":[\""
                    + sendTag + "\"],\"marketingConsent\":" + consents + "}"));
            (consents ? consenting : others).add(email);
        }
        customer(sendKey, "{\"firstName\":\"Phone only\",\"phone\":\"+33600000001\",\"tags\":[\"" + sendTag + "\"],\"marketingConsent\":true}");
        String segment = call("POST", "/v1/segments", sendKey, "{\"name\":\"All\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\""
                + sendTag + "\"}}").json().get("id").asText();
        TestApi.eventually("segment ready", SENT_WITHIN, () -> call("GET", "/v1/segments/" + segment, sendKey, null).json(),
                json -> json.get("status").asText().equals("ready"));
        String id = call("POST", "/v1/campaigns", sendKey, "{\"name\":\"All\",\"segmentId\":\"" + segment
                + "\",\"subject\":\"News for {{firstName}}\",\"text\":\"Hello {{firstName}}\"}").json().get("id").asText();

        TestApi.Response sent = call("POST", "/v1/campaigns/" + id + "/send", sendKey, null, "Idempotency-Key", "send-" + run);

        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        assertThat(sent.json().get("status").asText()).isEqualTo("sending");
        JsonNode done = TestApi.eventually("campaign sent", SENT_WITHIN, () -> call("GET", "/v1/campaigns/" + id, sendKey, null).json(),
                json -> json.get("status").asText().equals("sent"));
        assertThat(done.get("stats").get("recipients").asLong()).isEqualTo(consenting.size());
        assertThat(done.get("stats").get("sent").asLong()).isEqualTo(consenting.size());
        assertThat(done.get("stats").get("failed").asLong()).isZero();
        for (String email : consenting) {
            List<JsonNode> mail = mailTo(email);
            assertThat(mail).as(email).hasSize(1);
            assertThat(mail.get(0).get("headers").get("List-Unsubscribe").asText()).startsWith("<" + TestApi.server().baseUrl() + "/u/");
        }
        for (String email : others) {
            assertThat(mailTo(email)).as(email).isEmpty();
        }
        String first = consenting.get(0);
        JsonNode history = call("GET", "/v1/customers/" + customerIds.get(first) + "/messages", sendKey, null).json().get("items");
        assertThat(history.findValuesAsText("template")).containsExactly("campaign");
        assertThat(mailTo(first).get(0).get("subject").asText()).isEqualTo(history.get(0).get("subject").asText());

        TestApi.Response again = call("POST", "/v1/campaigns/" + id + "/send", sendKey, null);
        TestApi.Response replayed = call("POST", "/v1/campaigns/" + id + "/send", sendKey, null, "Idempotency-Key", "send-" + run);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(call("PATCH", "/v1/campaigns/" + id, sendKey, "{\"name\":\"late\"}").status()).isEqualTo(409);
        assertThat(call("DELETE", "/v1/campaigns/" + id, sendKey, null).status()).isEqualTo(409);
        TestApi.Response recipients = call("GET", "/v1/campaigns/" + id + "/recipients?status=sent&limit=200", sendKey, null);
        assertThat(recipients.json().get("items")).hasSize(consenting.size());
        assertThat(call("GET", "/v1/campaigns/" + id + "/recipients?status=failed", sendKey, null).json().get("items")).isEmpty();
        assertThat(call("GET", "/v1/campaigns/" + id + "/recipients?status=nope", sendKey, null).status()).isEqualTo(422);
        for (String email : consenting) {
            assertThat(mailTo(email)).as("after the second send: " + email).hasSize(1);
        }
    }

    /** A hub, a segment of {@code emails} (all consenting) once it is ready, and the hub's key; the segment id is in {@code segmentOut[0]}. */
    static String hubWithMembers(List<String> emails, String[] segmentOut) {
        String hubKey = TestApi.newHub("Unsubscribe hub");
        String tagOfRun = "u-" + UUID.randomUUID().toString().substring(0, 8);
        for (String email : emails) {
            customer(hubKey, "{\"firstName\":\"U\",\"email\":\"" + email + "\",\"tags\":[\"" + tagOfRun + "\"],\"marketingConsent\":true}");
        }
        segmentOut[0] = call("POST", "/v1/segments", hubKey, "{\"name\":\"U\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\""
                + tagOfRun + "\"}}").json().get("id").asText();
        TestApi.eventually("segment ready", SENT_WITHIN, () -> call("GET", "/v1/segments/" + segmentOut[0], hubKey, null).json(),
                json -> json.get("status").asText().equals("ready"));
        return hubKey;
    }

    /** Creates and sends a campaign to the segment; answers it once sent. */
    static JsonNode sendAndWait(String hubKey, String segment) {
        String id = call("POST", "/v1/campaigns", hubKey, "{\"name\":\"U\",\"segmentId\":\"" + segment
                + "\",\"subject\":\"Hi\",\"text\":\"Leave: {{unsubscribeUrl}}\"}").json().get("id").asText();
        assertThat(call("POST", "/v1/campaigns/" + id + "/send", hubKey, null).status()).isEqualTo(202);
        return TestApi.eventually("campaign sent", SENT_WITHIN, () -> call("GET", "/v1/campaigns/" + id, hubKey, null).json(),
                json -> json.get("status").asText().equals("sent"));
    }

    @Test
    void theUnsubscribeLinkOfTheMailWorksOnceAndTheNextCampaignSkipsTheCustomer() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String leaving = "leaving-" + run + "@example.com";
        String staying = "staying-" + run + "@example.com";
        String[] segment = new String[1];
        String hubKey = hubWithMembers(List.of(leaving, staying), segment);
        JsonNode first = sendAndWait(hubKey, segment[0]);
        String header = mailTo(leaving).get(0).get("headers").get("List-Unsubscribe").asText();
        String link = header.substring(1, header.length() - 1);
        assertThat(mailTo(leaving).get(0).get("text").asText()).isEqualTo("Leave: " + link);
        String path = TestApi.pathOf(link);
        String leavingId = call("GET", "/v1/customers?q=leaving-" + run, hubKey, null).json().get("items").get(0).get("id").asText();

        TestApi.Response page = call("GET", path, null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("content-type")).startsWith("text/html");
        assertThat(page.headers().get("cache-control")).isEqualTo("no-store");
        assertThat(page.headers().get("referrer-policy")).isEqualTo("no-referrer");
        assertThat(page.headers().get("content-security-policy")).contains("frame-ancestors 'none'");
        assertThat(page.body()).contains("<form method=\"post\"", "Unsubscribe hub");
        assertThat(call("GET", "/v1/customers/" + leavingId, hubKey, null).json().get("marketingConsent").asBoolean()).isTrue();

        String tampered = path.substring(0, path.length() - 2) + (path.endsWith("A") ? "BB" : "AA");
        TestApi.Response forged = call("POST", tampered, null, "List-Unsubscribe=One-Click",
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(forged.status()).isEqualTo(404);
        assertThat(call("GET", "/v1/customers/" + leavingId, hubKey, null).json().get("marketingConsent").asBoolean()).isTrue();

        TestApi.Response once = call("POST", path, null, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded");
        TestApi.Response twice = call("POST", path, null, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded");

        assertThat(once.status()).as(once.body()).isEqualTo(200);
        assertThat(twice.status()).isEqualTo(200);
        assertThat(call("GET", "/v1/customers/" + leavingId, hubKey, null).json().get("marketingConsent").asBoolean()).isFalse();
        String firstId = first.get("id").asText();
        assertThat(call("GET", "/v1/campaigns/" + firstId, hubKey, null).json().get("stats").get("unsubscribed").asLong()).isEqualTo(1);
        JsonNode history = call("GET", "/v1/customers/" + leavingId + "/messages", hubKey, null).json().get("items");
        assertThat(history.findValuesAsText("status")).containsExactly("unsubscribed", "sent");
        assertThat(history.get(0).get("campaignId").asText()).isEqualTo(firstId);
        JsonNode timeline = call("GET", "/v1/customers/" + leavingId + "/timeline", hubKey, null).json().get("items");
        assertThat(timeline.get(0).get("detail").get("template").asText()).isEqualTo("unsubscribe");

        JsonNode second = sendAndWait(hubKey, segment[0]);
        assertThat(second.get("stats").get("recipients").asLong()).isEqualTo(1);
        assertThat(mailTo(leaving)).hasSize(1);
        assertThat(mailTo(staying)).hasSize(2);
        assertThat(call("POST", "/u/test", null, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded").status())
                .isEqualTo(404);
    }
}
