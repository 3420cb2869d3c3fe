package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Suppression over HTTP: a sent campaign's hard bounce suppresses the customer (shown on the
 * customer, on the timeline, published as {@code message.bounced}), the next campaign skips them,
 * the hub's {@code "suppressed": null} includes them again; a soft bounce suppresses nothing.
 */
class SuppressionE2ETest {
    @Test
    void aHardBounceSuppressesUntilTheHubClearsItAndASoftBounceDoesNot() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ana = "ana-" + run + "@example.com";
        String bob = "bob-" + run + "@example.com";
        String[] segment = new String[1];
        String key = CampaignsE2ETest.hubWithMembers(List.of(ana, bob), segment);
        String anaId = customerId(key, ana);
        String bobId = customerId(key, bob);
        JsonNode first = CampaignsE2ETest.sendAndWait(key, segment[0]);
        String firstId = first.get("id").asText();

        assertThat(SesEventsE2ETest.post(SesEventsE2ETest.bounce(CampaignsE2ETest.mailTo(ana).getFirst(), "Permanent"))).isEqualTo("RECORDED");
        assertThat(SesEventsE2ETest.post(SesEventsE2ETest.bounce(CampaignsE2ETest.mailTo(bob).getFirst(), "Transient"))).isEqualTo("IGNORED");

        JsonNode anaNow = call("GET", "/v1/customers/" + anaId, key, null).json();
        assertThat(anaNow.get("suppressed").get("reason").asText()).isEqualTo("bounce");
        assertThat(anaNow.get("suppressed").get("campaignId").asText()).isEqualTo(firstId);
        assertThat(anaNow.get("suppressed").get("at").asText()).isEqualTo("2026-12-01T10:01:00Z");
        assertThat(call("GET", "/v1/customers/" + bobId, key, null).json().has("suppressed")).isFalse();
        // The bounce happened (by SES's time) before the mail was sent here: the timeline places it by that time.
        JsonNode timeline = call("GET", "/v1/customers/" + anaId + "/timeline", key, null).json().get("items");
        assertThat(timeline).filteredOn(event -> event.get("kind").asText().equals("mail-event")).singleElement().satisfies(event -> {
            assertThat(event.get("at").asText()).isEqualTo("2026-12-01T10:01:00Z");
            assertThat(event.get("detail").get("event").asText()).isEqualTo("bounced");
            assertThat(event.get("detail").get("campaignId").asText()).isEqualTo(firstId);
        });

        JsonNode second = CampaignsE2ETest.sendAndWait(key, segment[0]);
        assertThat(second.get("stats").get("recipients").asLong()).isEqualTo(1);
        assertThat(CampaignsE2ETest.mailTo(ana)).hasSize(1);
        assertThat(CampaignsE2ETest.mailTo(bob)).hasSize(2);

        assertThat(call("PATCH", "/v1/customers/" + anaId, key, "{\"suppressed\":{\"reason\":\"bounce\"}}").status()).isEqualTo(422);
        TestApi.Response cleared = call("PATCH", "/v1/customers/" + anaId, key, "{\"suppressed\":null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().has("suppressed")).isFalse();

        JsonNode third = CampaignsE2ETest.sendAndWait(key, segment[0]);
        assertThat(third.get("stats").get("recipients").asLong()).isEqualTo(2);
        assertThat(CampaignsE2ETest.mailTo(ana)).hasSize(2);

        List<JsonNode> published = TestApi.eventually("the third campaign.sent", Duration.ofSeconds(10),
                () -> publishedAbout(List.of(firstId, second.get("id").asText(), third.get("id").asText())), events -> events.size() >= 7);
        assertThat(published).extracting(event -> event.get("detail-type").asText()).containsExactly("campaign.started",
                "campaign.sent", "message.bounced", "campaign.started", "campaign.sent", "campaign.started", "campaign.sent");
        JsonNode bounced = published.get(2).get("detail");
        assertThat(bounced.get("customerId").asText()).isEqualTo(anaId);
        assertThat(bounced.get("messageId").asText()).startsWith("msg_");
        // each through the outbox (ADR 32): its own event id, which consumers drop repeats by
        assertThat(published).extracting(event -> event.get("detail").path("eventId").asText()).doesNotHaveDuplicates()
                .allSatisfy(eventId -> assertThat(eventId).startsWith("evt_"));
        assertThat(published).allSatisfy(event -> {
            assertThat(event.get("source").asText()).isEqualTo("hubcrm");
            assertThat(event.toString()).doesNotContain("@");
        });
    }

    @Test
    void anUnsubscribeIsPublishedAndShownOnTheTimeline() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String leaving = "leaving-" + run + "@example.com";
        String[] segment = new String[1];
        String key = CampaignsE2ETest.hubWithMembers(List.of(leaving), segment);
        String campaignId = CampaignsE2ETest.sendAndWait(key, segment[0]).get("id").asText();
        String header = CampaignsE2ETest.mailTo(leaving).getFirst().get("headers").get("List-Unsubscribe").asText();

        call("POST", TestApi.pathOf(header.substring(1, header.length() - 1)), null, "List-Unsubscribe=One-Click",
                "Content-Type", "application/x-www-form-urlencoded");

        String leavingId = customerId(key, leaving);
        JsonNode newest = call("GET", "/v1/customers/" + leavingId + "/timeline", key, null).json().get("items").get(0);
        assertThat(newest.get("kind").asText()).isEqualTo("message");
        assertThat(newest.get("detail").get("status").asText()).isEqualTo("unsubscribed");
        // published from the outbox by the stream's event publisher, a moment after the unsubscribe (ADR 32)
        List<JsonNode> published = TestApi.eventually("the customer.unsubscribed", Duration.ofSeconds(10),
                () -> publishedAbout(List.of(campaignId)),
                events -> events.stream().anyMatch(event -> event.get("detail-type").asText().equals("customer.unsubscribed")));
        assertThat(published).filteredOn(event -> event.get("detail-type").asText().equals("customer.unsubscribed"))
                .singleElement().satisfies(event -> assertThat(event.get("detail").get("customerId").asText()).isEqualTo(leavingId));
    }

    private static String customerId(String key, String email) {
        return call("GET", "/v1/customers?q=" + email.substring(0, email.indexOf('@')), key, null).json().get("items").get(0)
                .get("id").asText();
    }

    /** The events at {@code GET /_local/events} about these campaigns, oldest first. */
    private static List<JsonNode> publishedAbout(List<String> campaignIds) {
        List<JsonNode> about = new ArrayList<>();
        for (JsonNode event : call("GET", "/_local/events", null, null).json().get("items")) {
            if (campaignIds.contains(event.get("detail").path("campaignId").asText())) {
                about.add(event);
            }
        }
        return about;
    }
}
