package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Campaigns over HTTP: drafts and their templates, preview for one customer, a test mail. */
class CampaignsE2ETest {
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
}
