package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hub's own sender over HTTP: set, read with its DKIM records and status, refused when bad or
 * another hub's, and what the hub's mail says before and after SES verified it (the outbox's headers).
 */
class SenderIdentityE2ETest {
    /** The local server's platform sender (what the MailFrom parameter is in the stack). */
    private static final String PLATFORM_ADDRESS = "wallet@hubcrm.invalid";

    @Test
    void aDomainIsSetWithItsDkimRecordsAndReadBackPending() {
        String key = TestApi.newHub("Domain hub");
        String domain = unique() + ".farm.example";

        TestApi.Response set = call("PUT", "/v1/hub/sender", key, "{\"domain\":\" " + domain.toUpperCase() + ". \"}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("domain").asText()).isEqualTo(domain);
        assertThat(set.json().get("status").asText()).isEqualTo("pending");
        JsonNode records = set.json().get("dkimRecords");
        assertThat(records).hasSize(3);
        for (JsonNode record : records) {
            String token = record.get("name").asText().split("\\.", 2)[0];
            assertThat(record.get("type").asText()).isEqualTo("CNAME");
            assertThat(record.get("name").asText()).isEqualTo(token + "._domainkey." + domain);
            assertThat(record.get("value").asText()).isEqualTo(token + ".dkim.amazonses.com");
        }
        TestApi.Response read = call("GET", "/v1/hub/sender", key, null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(set.json());
    }

    @Test
    void untilVerifiedMailComesFromThePlatformUnderTheHubsNameThenFromTheHubsOwnAddress() {
        String key = TestApi.newHub("Orchard Box");
        String address = "news@" + unique() + ".orchard.example";
        TestApi.Response set = call("PUT", "/v1/hub/sender", key, "{\"email\":\"" + address + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        String campaignId = testableCampaign(key);

        JsonNode before = testMail(key, campaignId);

        assertThat(before.get("from").asText()).isEqualTo("\"Orchard Box\" <" + PLATFORM_ADDRESS + ">");
        assertThat(before.get("headers").get("Reply-To").asText()).isEqualTo(address);

        assertThat(call("POST", "/_local/sender-identities/" + address + "/verify", null, null).status()).isEqualTo(200);
        TestApi.Response verified = call("GET", "/v1/hub/sender", key, null);
        assertThat(verified.json().get("status").asText()).isEqualTo("verified");
        assertThat(Instant.parse(verified.json().get("statusChangedAt").asText()))
                .isAfter(Instant.parse(set.json().get("statusChangedAt").asText()));

        JsonNode after = testMail(key, campaignId);

        assertThat(after.get("from").asText()).isEqualTo("\"Orchard Box\" <" + address + ">");
        assertThat(after.get("headers").has("Reply-To")).isFalse();
        assertThat(after.get("headers").get("List-Unsubscribe").asText()).startsWith("<" + TestApi.server().baseUrl() + "/u/");
    }

    @Test
    void anotherHubsIdentityIsA409AndChangesNothing() {
        String owner = TestApi.newHub("First hub");
        String other = TestApi.newHub("Second hub");
        String domain = unique() + ".shared.example";
        assertThat(call("PUT", "/v1/hub/sender", owner, "{\"domain\":\"" + domain + "\"}").status()).isEqualTo(200);

        TestApi.Response refused = call("PUT", "/v1/hub/sender", other, "{\"domain\":\"" + domain + "\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly("domain");
        assertThat(call("GET", "/v1/hub/sender", other, null).status()).isEqualTo(404);
    }

    @Test
    void badRequestsAre422sNamingTheField() {
        String key = TestApi.newHub("Careless hub");

        assertThat(fields(call("PUT", "/v1/hub/sender", key, "{}"))).containsExactlyInAnyOrder("email", "domain");
        assertThat(fields(call("PUT", "/v1/hub/sender", key, "{\"email\":\"a@b.example\",\"domain\":\"b.example\"}")))
                .containsExactlyInAnyOrder("email", "domain");
        assertThat(fields(call("PUT", "/v1/hub/sender", key, "{\"email\":\"not an address\"}"))).containsExactly("email");
        assertThat(fields(call("PUT", "/v1/hub/sender", key, "{\"domain\":\"-bad-.example\"}"))).containsExactly("domain");
        assertThat(fields(call("PUT", "/v1/hub/sender", key, "{\"domain\":\"" + "a".repeat(60)
                + ("." + "b".repeat(60)).repeat(4) + ".example\"}"))).containsExactly("domain");
        assertThat(fields(call("PUT", "/v1/hub/sender", key, "{\"address\":\"a@b.example\"}"))).contains("address");
        assertThat(call("GET", "/v1/hub/sender", key, null).status()).isEqualTo(404);
    }

    private static List<String> fields(TestApi.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        return response.json().get("errors").findValuesAsText("field");
    }

    /** A draft campaign of the hub, to send test mails of. */
    private static String testableCampaign(String key) {
        TestApi.Response segment = call("POST", "/v1/segments", key,
                "{\"name\":\"All\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"x\"}}");
        TestApi.Response campaign = call("POST", "/v1/campaigns", key, "{\"name\":\"n\",\"segmentId\":\""
                + segment.json().get("id").asText() + "\",\"subject\":\"Hello\",\"text\":\"Hi\"}");
        assertThat(campaign.status()).as(campaign.body()).isEqualTo(201);
        return campaign.json().get("id").asText();
    }

    /** Sends the campaign's test mail to an address of its own; answers that mail from the outbox. */
    private static JsonNode testMail(String key, String campaignId) {
        String to = "tester-" + UUID.randomUUID() + "@example.com";
        TestApi.Response sent = call("POST", "/v1/campaigns/" + campaignId + "/test", key, "{\"to\":\"" + to + "\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        List<JsonNode> mail = CampaignsE2ETest.mailTo(to);
        assertThat(mail).hasSize(1);
        return mail.get(0);
    }

    private static String unique() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }
}
