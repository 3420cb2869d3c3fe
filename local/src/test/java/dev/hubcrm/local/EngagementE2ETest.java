package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Engagement over HTTP: an open event of a sent campaign's mail, posted to {@code /_local/ses-events},
 * moves the customer into an engagement segment (members and preview) and out of its "has not"
 * segment, and a hub engagement rule adds its tag; the same event again changes nothing.
 */
class EngagementE2ETest {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void anOpenMovesTheCustomerIntoTheEngagementSegmentAndTheRuleTagsThemOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ana = "ana-" + run + "@example.com";
        String bob = "bob-" + run + "@example.com";
        String[] all = new String[1];
        String key = CampaignsE2ETest.hubWithMembers(List.of(ana, bob), all);
        String campaignId = CampaignsE2ETest.sendAndWait(key, all[0]).get("id").asText();
        String anaId = idOf(key, ana);
        String bobId = idOf(key, bob);

        TestApi.Response rules = call("PATCH", "/v1/hub", key, "{\"engagementRules\":[{\"event\":\"opened\",\"addTag\":\"Readers\"},"
                + "{\"event\":\"clicked\",\"campaignId\":\"" + campaignId + "\",\"addTag\":\"clickers\"}]}");
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
        assertThat(rules.json().get("engagementRules").get(0).get("addTag").asText()).isEqualTo("readers");
        assertThat(call("GET", "/v1/hub", key, null).json().get("engagementRules")).hasSize(2);

        String opened = "{\"field\":\"engagement\",\"op\":\"eq\",\"value\":{\"event\":\"opened\",\"campaignId\":\"" + campaignId + "\"}}";
        String openedSegment = readySegment(key, opened);
        String notOpenedSegment = readySegment(key, opened.replace("\"eq\"", "\"ne\""));
        assertThat(members(key, openedSegment)).isEmpty();
        assertThat(members(key, notOpenedSegment)).containsExactlyInAnyOrder(anaId, bobId);

        JsonNode anaMail = CampaignsE2ETest.mailTo(ana).getFirst();
        assertThat(SesEventsE2ETest.post(SesEventsE2ETest.event(anaMail, "Open", "2026-12-01T10:04:00Z"))).isEqualTo("RECORDED");

        TestApi.eventually("ana in the engagement segment", WITHIN, () -> members(key, openedSegment), ids -> ids.equals(List.of(anaId)));
        TestApi.eventually("ana out of the has-not segment", WITHIN, () -> members(key, notOpenedSegment), ids -> ids.equals(List.of(bobId)));
        JsonNode preview = call("POST", "/v1/segments/preview", key, "{\"rule\":" + opened + "}").json();
        assertThat(preview.get("count").asLong()).isEqualTo(1);
        assertThat(preview.get("sample").get(0).get("id").asText()).isEqualTo(anaId);
        TestApi.Response anaNow = call("GET", "/v1/customers/" + anaId, key, null);
        assertThat(anaNow.json().get("tags")).extracting(JsonNode::asText).contains("readers").doesNotContain("clickers");
        assertThat(call("GET", "/v1/customers?tag=readers", key, null).json().get("items")).extracting(c -> c.get("id").asText())
                .containsExactly(anaId);

        assertThat(SesEventsE2ETest.post(SesEventsE2ETest.event(anaMail, "Open", "2026-12-01T10:09:00Z"))).isEqualTo("REPEATED");
        TestApi.Response anaAfter = call("GET", "/v1/customers/" + anaId, key, null);
        assertThat(anaAfter.header("ETag")).as("the repeat wrote nothing").isEqualTo(anaNow.header("ETag"));
        assertThat(anaAfter.json().get("tags")).isEqualTo(anaNow.json().get("tags"));
        assertThat(members(key, openedSegment)).containsExactly(anaId);
    }

    @Test
    void anUnknownEventOrABadCampaignIdIsA422NamingIt() {
        String key = TestApi.newHub("Engagement rules hub");
        TestApi.Response badEvent = call("POST", "/v1/segments/preview", key,
                "{\"rule\":{\"field\":\"engagement\",\"op\":\"eq\",\"value\":{\"event\":\"read\"}}}");
        assertThat(badEvent.status()).isEqualTo(422);
        assertThat(badEvent.body()).contains("rule.value.event").contains("unknown event 'read'");
        TestApi.Response badCampaign = call("POST", "/v1/segments", key,
                "{\"name\":\"X\",\"rule\":{\"field\":\"engagement\",\"op\":\"ne\",\"value\":{\"event\":\"opened\",\"campaignId\":\"cmp_x\"}}}");
        assertThat(badCampaign.status()).isEqualTo(422);
        assertThat(badCampaign.body()).contains("rule.value.campaignId").contains("bad campaign id 'cmp_x'");
        TestApi.Response badRule = call("PATCH", "/v1/hub", key, "{\"engagementRules\":[{\"event\":\"bounced\",\"addTag\":\"x\"},"
                + "{\"event\":\"opened\",\"campaignId\":\"cmp_x\",\"addTag\":\"#\"}]}");
        assertThat(badRule.status()).isEqualTo(422);
        assertThat(badRule.body()).contains("engagementRules[0].event", "engagementRules[1].campaignId", "engagementRules[1].addTag");
        assertThat(call("GET", "/v1/hub", key, null).json().get("engagementRules")).isEmpty();
    }

    private static String idOf(String key, String email) {
        return call("GET", "/v1/customers?q=" + URLEncoder.encode(email, StandardCharsets.UTF_8), key, null).json().get("items").get(0).get("id").asText();
    }

    private static String readySegment(String key, String rule) {
        TestApi.Response created = call("POST", "/v1/segments", key, "{\"name\":\"E\",\"rule\":" + rule + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        TestApi.eventually("segment ready", WITHIN, () -> call("GET", "/v1/segments/" + id, key, null).json(),
                json -> json.get("status").asText().equals("ready"));
        return id;
    }

    private static List<String> members(String key, String segmentId) {
        List<String> ids = new ArrayList<>();
        call("GET", "/v1/segments/" + segmentId + "/members", key, null).json().get("items").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }
}
