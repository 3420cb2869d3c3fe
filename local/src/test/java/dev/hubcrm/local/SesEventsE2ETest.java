package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.http.Json;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SES's events over HTTP: a campaign sent through the local queue, then delivery, open, click and
 * bounce records posted to {@code /_local/ses-events} (twice and out of order) move the campaign's
 * stats and the customers' message history once each.
 */
class SesEventsE2ETest {
    private static final Duration SENT_WITHIN = Duration.ofSeconds(60);

    @Test
    void eventsOfACampaignsMailMoveItsStatsAndTheHistoryOnceEach() {
        String key = TestApi.newHub("SES events hub");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ana = "ana-" + run + "@example.com";
        String bob = "bob-" + run + "@example.com";
        String anaId = CampaignsE2ETest.customer(key, "{\"firstName\":\"Ana\",\"email\":\"" + ana + "\",\"tags\":[\"ses-" + run
                + "\"],\"marketingConsent\":true}");
        String bobId = CampaignsE2ETest.customer(key, "{\"firstName\":\"Bob\",\"email\":\"" + bob + "\",\"tags\":[\"ses-" + run
                + "\"],\"marketingConsent\":true}");
        String segment = call("POST", "/v1/segments", key, "{\"name\":\"All\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"ses-"
                + run + "\"}}").json().get("id").asText();
        TestApi.eventually("segment ready", SENT_WITHIN, () -> call("GET", "/v1/segments/" + segment, key, null).json(),
                json -> json.get("status").asText().equals("ready"));
        String campaignId = call("POST", "/v1/campaigns", key, "{\"name\":\"News\",\"segmentId\":\"" + segment
                + "\",\"subject\":\"News\",\"text\":\"Hello\"}").json().get("id").asText();
        assertThat(call("POST", "/v1/campaigns/" + campaignId + "/send", key, null).status()).isEqualTo(202);
        TestApi.eventually("campaign sent", SENT_WITHIN, () -> call("GET", "/v1/campaigns/" + campaignId, key, null).json(),
                json -> json.get("status").asText().equals("sent"));
        JsonNode anaMail = CampaignsE2ETest.mailTo(ana).getFirst();
        JsonNode bobMail = CampaignsE2ETest.mailTo(bob).getFirst();

        assertThat(post(event(anaMail, "Click", "2026-12-01T10:05:00Z"))).isEqualTo("RECORDED");
        assertThat(post(event(anaMail, "Delivery", "2026-12-01T10:00:00Z"))).isEqualTo("RECORDED");
        assertThat(post(event(anaMail, "Open", "2026-12-01T10:04:00Z"))).isEqualTo("RECORDED");
        assertThat(post(event(anaMail, "Open", "2026-12-01T10:07:00Z"))).isEqualTo("REPEATED");
        ObjectNode bounce = event(bobMail, "Bounce", "2026-12-01T10:01:00Z");
        ((ObjectNode) bounce.get("bounce")).put("bounceType", "Permanent");
        assertThat(post(bounce)).isEqualTo("RECORDED");
        assertThat(post(bounce)).isEqualTo("REPEATED");

        JsonNode stats = call("GET", "/v1/campaigns/" + campaignId, key, null).json().get("stats");
        assertThat(stats.get("sent").asLong()).isEqualTo(2);
        assertThat(stats.get("delivered").asLong()).isEqualTo(1);
        assertThat(stats.get("opened").asLong()).isEqualTo(1);
        assertThat(stats.get("clicked").asLong()).isEqualTo(1);
        assertThat(stats.get("bounced").asLong()).isEqualTo(1);
        JsonNode anaHistory = call("GET", "/v1/customers/" + anaId + "/messages", key, null).json().get("items").get(0);
        assertThat(anaHistory.get("status").asText()).isEqualTo("clicked");
        assertThat(anaHistory.get("events").get("delivered").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(anaHistory.get("events").get("opened").asText()).isEqualTo("2026-12-01T10:04:00Z");
        assertThat(anaHistory.get("events").get("clicked").asText()).isEqualTo("2026-12-01T10:05:00Z");
        JsonNode bobHistory = call("GET", "/v1/customers/" + bobId + "/messages", key, null).json().get("items").get(0);
        assertThat(bobHistory.get("status").asText()).isEqualTo("bounced");
    }

    @Test
    void aRecordThatIsNotJsonOrLacksItsMessageIdIsA400AndAnUnknownMailIsIgnored() {
        assertThat(call("POST", LocalSesEvents.PATH, null, "not json").status()).isEqualTo(400);
        assertThat(call("POST", LocalSesEvents.PATH, null, "{\"eventType\":\"Delivery\",\"mail\":{}}").status()).isEqualTo(400);
        ObjectNode unknown = Json.object().put("eventType", "Delivery");
        unknown.putObject("mail").put("messageId", "msg_unknown").putObject("tags").putArray("hub").add("hub_unknown");
        assertThat(post(unknown)).isEqualTo("IGNORED");
        assertThat(call("GET", LocalSesEvents.PATH, null, null).status()).isEqualTo(405);
    }

    /** The record SES would publish about an outbox mail: its id is SES's message id, its tags the mail's. */
    static ObjectNode event(JsonNode mail, String type, String at) {
        ObjectNode record = Json.object().put("eventType", type);
        ObjectNode about = record.putObject("mail").put("messageId", mail.get("id").asText()).put("timestamp", mail.get("sentAt").asText());
        about.putArray("destination").add(mail.get("to").get(0).asText());
        ObjectNode tags = about.putObject("tags");
        mail.get("tags").properties().forEach(tag -> tags.putArray(tag.getKey()).add(tag.getValue().asText()));
        record.putObject(type.toLowerCase(Locale.ROOT)).put("timestamp", at);
        return record;
    }

    static String post(ObjectNode record) {
        TestApi.Response answer = call("POST", LocalSesEvents.PATH, null, record.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("outcome").asText();
    }
}
