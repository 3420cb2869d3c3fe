package dev.hubcrm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.testkit.SesFaultProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Campaigns over HTTP through SES as it fails (ADR 27): the local server's real campaign sender sends
 * through the SES v2 adapter to moto behind {@link SesFaultProxy}, which throttles 10 % of sends.
 * Every consenting member gets the campaign exactly once, counted per address in what moto kept, and
 * nobody else any; a send whose answer is lost after SES took it is the one way to a second mail
 * (ADR 20), and each such send makes exactly one.
 */
class CampaignPacingE2ETest {
    private static final Duration WITHIN = Duration.ofSeconds(180);
    private static SesOnMoto sesOnMoto;
    private static SesFaultProxy ses;
    private static LocalServer server;

    @BeforeAll
    static void start() throws IOException {
        sesOnMoto = SesOnMoto.start(27);
        ses = sesOnMoto.proxy.failing(0.10, 0);
        server = sesOnMoto.localServer(100);
    }

    @AfterAll
    static void stop() {
        server.close();
        sesOnMoto.close();
    }

    private static TestApi.Response call(String method, String path, String key, String body, String... headers) {
        return TestApi.callAt(server.baseUrl(), method, path, key, body, headers);
    }

    private static String newHub() {
        return call("POST", "/v1/hubs", server.operatorKey(), "{\"name\":\"Paced " + UUID.randomUUID() + "\",\"currency\":\"EUR\"}")
                .json().get("apiKey").asText();
    }

    /** Customers {@code member-<i>-<run>@example.com} tagged {@code tag}, consenting when {@code consents} says so. */
    private static void customers(String key, String run, String tag, int count, java.util.function.IntPredicate consents) {
        IntStream.range(0, count).parallel().forEach(i -> {
            TestApi.Response created = call("POST", "/v1/customers", key, "{\"firstName\":\"M" + i + "\",\"email\":\"" + address(i, run)
                    + "\",\"tags\":[\"" + tag + "\"],\"marketingConsent\":" + consents.test(i) + "}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        });
    }

    private static String address(int i, String run) {
        return "member-" + i + "-" + run + "@example.com";
    }

    /** Sends a campaign to the members tagged {@code tag}; answers the campaign once it is sent. */
    private static JsonNode sendToTag(String key, String tag) {
        String segment = call("POST", "/v1/segments", key, "{\"name\":\"" + tag + "\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\""
                + tag + "\"}}").json().get("id").asText();
        TestApi.eventually("segment ready", WITHIN, () -> call("GET", "/v1/segments/" + segment, key, null).json(),
                json -> json.get("status").asText().equals("ready"));
        String id = call("POST", "/v1/campaigns", key, "{\"name\":\"Paced\",\"segmentId\":\"" + segment
                + "\",\"subject\":\"News for {{firstName}}\",\"text\":\"Hello {{firstName}}\"}").json().get("id").asText();
        TestApi.Response started = call("POST", "/v1/campaigns/" + id + "/send", key, null, "Idempotency-Key", "send-" + id);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return TestApi.eventually("campaign sent", WITHIN, () -> call("GET", "/v1/campaigns/" + id, key, null).json(),
                json -> json.get("status").asText().equals("sent"));
    }

    @Test
    void fiveHundredMembersThroughTenPercentThrottlingEveryConsentingOneGetsOneMailAndNoOneElseAny() throws Exception {
        String key = newHub();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = "news-" + run;
        int throttledBefore = ses.throttled();
        // 400 consenting members, 100 members who do not consent, and 20 consenting customers outside the segment.
        customers(key, run, tag, 500, i -> i % 5 != 0);
        IntStream.range(500, 520).forEach(i -> assertThat(call("POST", "/v1/customers", key, "{\"firstName\":\"O" + i + "\",\"email\":\"" + address(i, run)
                + "\",\"tags\":[\"other-" + run + "\"],\"marketingConsent\":true}").status()).isEqualTo(201));

        JsonNode sent = sendToTag(key, tag);

        Map<String, Integer> mails = sesOnMoto.mailsOfRun(run);
        List<String> consenting = IntStream.range(0, 500).filter(i -> i % 5 != 0).mapToObj(i -> address(i, run)).toList();
        assertThat(mails.keySet()).containsExactlyInAnyOrderElementsOf(consenting);
        assertThat(mails).allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));
        assertThat(sent.get("stats").get("recipients").asLong()).isEqualTo(400);
        assertThat(sent.get("stats").get("sent").asLong()).isEqualTo(400);
        assertThat(sent.get("stats").get("failed").asLong()).isZero();
        assertThat(ses.throttled() - throttledBefore).as("SES throttled about 10 % of the sends").isGreaterThan(20);
    }

    @Test
    void aSendWhoseAnswerIsLostAfterSesTookItMakesExactlyOneSecondMailAndNothingElseDoes() throws Exception {
        String key = newHub();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = "lost-" + run;
        customers(key, run, tag, 30, i -> true);
        int droppedBefore = ses.dropped();
        ses.dropAnswersOfNextSends(3);

        JsonNode sent = sendToTag(key, tag);

        Map<String, Integer> mails = sesOnMoto.mailsOfRun(run);
        int lost = ses.dropped() - droppedBefore;
        assertThat(lost).isEqualTo(3);
        assertThat(mails).hasSize(30);
        // A lost answer is retried (by the HTTP client, the SDK or the queue's redelivery), and each retry
        // that SES takes is a second mail: never more mails than recipients plus lost answers.
        assertThat(mails.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(30 + lost);
        assertThat(sent.get("stats").get("sent").asLong()).isEqualTo(30);
    }
}
