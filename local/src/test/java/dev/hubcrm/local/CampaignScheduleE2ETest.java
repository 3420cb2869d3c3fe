package dev.hubcrm.local;

import static dev.hubcrm.local.CampaignsE2ETest.hubWithMembers;
import static dev.hubcrm.local.CampaignsE2ETest.mailTo;
import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Scheduled campaigns over HTTP: scheduled a few seconds ahead, the local sweep job run after that
 * time starts the campaign, which reaches every consenting member once (a second sweep sends
 * nothing); a cancelled campaign sends nothing; a rescheduled one starts at its new time only.
 */
class CampaignScheduleE2ETest {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    /** Far enough ahead that the schedule request itself is not late, near enough for a test to wait for. */
    private static final Duration SOON = Duration.ofSeconds(2);

    private record Run(String key, String segment, List<String> members) {
    }

    private static Run hubWithTwoMembers() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> members = List.of("a-" + run + "@example.com", "b-" + run + "@example.com");
        String[] segment = new String[1];
        return new Run(hubWithMembers(members, segment), segment[0], members);
    }

    private static String campaign(Run run) {
        TestApi.Response created = call("POST", "/v1/campaigns", run.key(), "{\"name\":\"Later\",\"segmentId\":\"" + run.segment()
                + "\",\"subject\":\"Later, {{firstName}}\",\"text\":\"Hello\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static TestApi.Response schedule(Run run, String id, Instant at) {
        return call("POST", "/v1/campaigns/" + id + "/schedule", run.key(), "{\"at\":\"" + at + "\"}");
    }

    private static JsonNode get(Run run, String id) {
        return call("GET", "/v1/campaigns/" + id, run.key(), null).json();
    }

    private static void sweep() {
        TestApi.Response swept = call("POST", "/_local/jobs/campaign-sweep", null, null);
        assertThat(swept.status()).as(swept.body()).isEqualTo(200);
    }

    /** Waits until the clock is past {@code at}, then runs the sweep. */
    private static void sweepAfter(Instant at) {
        TestApi.eventually("the clock past " + at, WITHIN, Instant::now, now -> now.isAfter(at));
        sweep();
    }

    @Test
    void aScheduledCampaignIsStartedByTheSweepAfterItsTimeAndReachesEveryMemberOnce() {
        Run run = hubWithTwoMembers();
        String id = campaign(run);
        Instant at = Instant.now().plus(SOON).truncatedTo(ChronoUnit.MILLIS);

        TestApi.Response scheduled = schedule(run, id, at);

        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        assertThat(scheduled.json().get("status").asText()).isEqualTo("scheduled");
        assertThat(Instant.parse(scheduled.json().get("scheduledAt").asText())).isEqualTo(at);
        sweep();
        assertThat(get(run, id).get("status").asText()).as("not due yet").isEqualTo("scheduled");

        sweepAfter(at);
        JsonNode sent = TestApi.eventually("campaign sent", WITHIN, () -> get(run, id), json -> json.get("status").asText().equals("sent"));
        sweep();

        assertThat(sent.get("stats").get("sent").asLong()).isEqualTo(run.members().size());
        for (String member : run.members()) {
            assertThat(mailTo(member)).as(member).hasSize(1);
        }
        assertThat(call("POST", "/v1/campaigns/" + id + "/send", run.key(), null).status()).isEqualTo(409);
        assertThat(call("POST", "/v1/campaigns/" + id + "/cancel", run.key(), null).status()).as("started: too late").isEqualTo(409);
        assertThat(schedule(run, id, Instant.now().plus(Duration.ofHours(1))).status()).isEqualTo(409);
    }

    @Test
    void aCancelledCampaignSendsNothing() {
        Run run = hubWithTwoMembers();
        String id = campaign(run);
        Instant at = Instant.now().plus(SOON);
        assertThat(schedule(run, id, at).status()).isEqualTo(200);

        TestApi.Response cancelled = call("POST", "/v1/campaigns/" + id + "/cancel", run.key(), null);
        sweepAfter(at);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(get(run, id).get("status").asText()).isEqualTo("cancelled");
        for (String member : run.members()) {
            assertThat(mailTo(member)).as(member).isEmpty();
        }
        assertThat(call("POST", "/v1/campaigns/" + id + "/send", run.key(), null).status()).isEqualTo(409);
        assertThat(call("POST", "/v1/campaigns/" + id + "/cancel", run.key(), null).status()).isEqualTo(409);
    }

    @Test
    void aRescheduledCampaignStartsAtItsNewTimeOnly() {
        Run run = hubWithTwoMembers();
        String id = campaign(run);
        Instant first = Instant.now().plus(SOON);
        Instant later = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(schedule(run, id, first).status()).isEqualTo(200);

        TestApi.Response moved = schedule(run, id, later);
        sweepAfter(first);

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        JsonNode campaign = get(run, id);
        assertThat(campaign.get("status").asText()).isEqualTo("scheduled");
        assertThat(Instant.parse(campaign.get("scheduledAt").asText())).isEqualTo(later);
        for (String member : run.members()) {
            assertThat(mailTo(member)).as(member).isEmpty();
        }
    }

    @Test
    void aTimeInThePastOrMoreThanAYearAheadIsRefused() {
        Run run = hubWithTwoMembers();
        String id = campaign(run);

        for (Instant at : List.of(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(366)))) {
            TestApi.Response refused = schedule(run, id, at);
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("\"at\"");
        }
        TestApi.Response noTime = call("POST", "/v1/campaigns/" + id + "/schedule", run.key(), "{}");
        assertThat(noTime.status()).as(noTime.body()).isEqualTo(422);
        assertThat(get(run, id).get("status").asText()).isEqualTo("draft");
    }
}
