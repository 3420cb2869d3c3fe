package dev.hubcrm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.testkit.SesFaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The campaign sender killed mid-batch (ADR 20's window, proven): the sender runs as a process of its
 * own ({@link CampaignSenderProcess}, configured by its environment only, with a claim lease of
 * {@link #LEASE}) against the local server's table and campaign queue, and sends through the SES v2
 * adapter to moto behind {@link SesFaultProxy}, which throttles 10 % of sends. After {@link #PASSING}
 * sends the proxy holds every send, the batch's tasks pile up there, and the process gets SIGKILL;
 * a fresh process takes the batch's messages again after the queue's visibility timeout and the
 * recipients left {@code sending} once their lease ran out. Mails are counted per address in what
 * moto kept.
 */
class CampaignSenderKillE2ETest {
    /** A bound for waits on a shared, loaded machine, not a timing: each wait usually ends within seconds. */
    private static final Duration WITHIN = Duration.ofSeconds(180);
    /** The stack's are 5 minutes and 6: the lease outlasts an invocation, the visibility timeout the lease. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration VISIBILITY = Duration.ofSeconds(4);
    private static final double RATE = 50;
    private static final int MEMBERS = 60;
    /** Sends that go through before the hold: two batches and a few, so the kill lands mid-campaign. */
    private static final int PASSING = 23;
    private static final String BUS = "hubcrm-kill-test";
    private static final Path LOGS = Path.of("target", "campaign-sender-kill");

    private static SesOnMoto sesOnMoto;
    private static SesFaultProxy ses;
    private static LocalServer server;
    private static String queueUrl;

    @BeforeAll
    static void start() throws IOException {
        sesOnMoto = SesOnMoto.start(20);
        ses = sesOnMoto.proxy.failing(0.10, 0).maxSendRate(RATE);
        try (EventBridgeClient events = AwsClients.emulator(EventBridgeClient.builder(), sesOnMoto.moto.endpoint())) {
            events.createEventBus(r -> r.name(BUS)); // where the sender publishes campaign.sent
        }
        server = sesOnMoto.localServer(RATE);
        // The campaign queue is the sender processes' alone.
        server.campaignSender().hold();
        queueUrl = server.campaignSender().queueUrl();
        try (SqsClient sqs = AwsClients.emulator(SqsClient.builder(), server.sqsEndpoint())) {
            sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                    Long.toString(VISIBILITY.toSeconds()))));
        }
        Files.createDirectories(LOGS);
    }

    @AfterAll
    static void stop() {
        server.close();
        sesOnMoto.close();
    }

    /** The environment the stack gives the sender, pointing at this test's emulators. */
    private static Map<String, String> senderEnvironment() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_DYNAMODB", server.dynamoEndpoint().toString(),
                "AWS_ENDPOINT_URL_SQS", server.sqsEndpoint().toString(),
                "AWS_ENDPOINT_URL_SESV2", ses.endpoint().toString(),
                "AWS_ENDPOINT_URL_EVENTBRIDGE", sesOnMoto.moto.endpoint().toString()));
        environment.putAll(Map.of(TableDesign.TABLE_ENV, TableDesign.DEFAULT_TABLE_NAME,
                AppContext.CAMPAIGN_QUEUE_URL_ENV, queueUrl,
                AppContext.PUBLIC_BASE_URL_ENV, server.baseUrl(),
                AppContext.PORTAL_SECRET_ENV, "portal-key-of-the-kill-test",
                AppContext.EVENT_BUS_NAME_ENV, BUS,
                AppContext.HUB_SEND_SHARE_ENV, "1",
                AppContext.CAMPAIGN_CLAIM_LEASE_ENV, Long.toString(LEASE.toSeconds())));
        return environment;
    }

    private static TestApi.Response call(String method, String path, String key, String body, String... headers) {
        return TestApi.callAt(server.baseUrl(), method, path, key, body, headers);
    }

    /** A hub with {@link #MEMBERS} tagged members (every sixth does not consent), their segment ready, and a draft campaign to it. */
    private record Members(String key, String run, String campaignId, Map<String, String> addressById, Set<String> consenting) {
    }

    private static Members membersWithDraft() {
        String key = call("POST", "/v1/hubs", server.operatorKey(), "{\"name\":\"Killed " + UUID.randomUUID() + "\",\"currency\":\"EUR\"}")
                .json().get("apiKey").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> addressById = new ConcurrentHashMap<>();
        Set<String> consenting = ConcurrentHashMap.newKeySet();
        IntStream.range(0, MEMBERS).parallel().forEach(i -> {
            String address = "member-" + i + "-" + run + "@example.com";
            TestApi.Response created = call("POST", "/v1/customers", key, "{\"firstName\":\"M" + i + "\",\"email\":\"" + address
                    + "\",\"tags\":[\"kill-" + run + "\"],\"marketingConsent\":" + (i % 6 != 0) + "}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            addressById.put(created.json().get("id").asText(), address);
            if (i % 6 != 0) {
                consenting.add(address);
            }
        });
        String segment = call("POST", "/v1/segments", key, "{\"name\":\"kill\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"kill-"
                + run + "\"}}").json().get("id").asText();
        TestApi.eventually("segment ready", WITHIN, () -> call("GET", "/v1/segments/" + segment, key, null).json(),
                json -> json.get("status").asText().equals("ready"));
        String campaignId = call("POST", "/v1/campaigns", key, "{\"name\":\"Killed\",\"segmentId\":\"" + segment
                + "\",\"subject\":\"News for {{firstName}}\",\"text\":\"Hello {{firstName}}\"}").json().get("id").asText();
        return new Members(key, run, campaignId, addressById, consenting);
    }

    /** What the kill left and what came of it. */
    private record Killed(int held, Set<String> sendingAtKill, Map<String, Integer> mailsAtKill, Map<String, Integer> mails,
            JsonNode campaign) {
        /** Recipients SES had taken a mail for and the sender had not recorded: ADR 20's window when the kill landed. */
        Set<String> inWindow() {
            Set<String> window = new HashSet<>(sendingAtKill);
            window.retainAll(mailsAtKill.keySet());
            return window;
        }
    }

    /**
     * Sends the campaign through a sender process, kills it once the proxy holds the sends of the batch
     * under way (every recipient it claimed is held there), lets the held sends go unanswered, and lets a
     * fresh process finish the campaign.
     */
    private static Killed sendKillAndRedeliver(Members members) throws Exception {
        TestApi.Response started = call("POST", "/v1/campaigns/" + members.campaignId() + "/send", members.key(), null,
                "Idempotency-Key", "send-" + members.campaignId());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        try (CampaignSenderProcess first = CampaignSenderProcess.start(senderEnvironment(), LOGS.resolve(members.run() + "-first.log"))) {
            assertThat(ses.awaitHeld(1, WITHIN)).as("a send held after " + PASSING).isTrue();
            // The batch's other tasks claim and reach the proxy too (throttled ones after the SDK's backoff):
            // then every recipient left sending is one whose send the proxy holds.
            TestApi.eventually("every claimed recipient's send held", WITHIN, () -> sendingRecipients(members).size(),
                    sending -> sending == ses.held());
            first.kill();
        }
        int held = ses.held();
        Set<String> sendingAtKill = sendingRecipients(members);
        assertThat(ses.releaseHeld(Duration.ofSeconds(10))).as("the proxy is idle after the kill").isTrue();
        Map<String, Integer> mailsAtKill = sesOnMoto.mailsOfRun(members.run());
        try (CampaignSenderProcess fresh = CampaignSenderProcess.start(senderEnvironment(), LOGS.resolve(members.run() + "-fresh.log"))) {
            JsonNode campaign = TestApi.eventually("campaign sent", WITHIN,
                    () -> call("GET", "/v1/campaigns/" + members.campaignId(), members.key(), null).json(),
                    json -> json.get("status").asText().equals("sent"));
            // Nothing left for the next process: the last batch's messages are deleted once its invocation is over.
            assertThat(server.campaignSender().awaitDrained(WITHIN)).as("the campaign queue drained").isTrue();
            return new Killed(held, sendingAtKill, mailsAtKill, sesOnMoto.mailsOfRun(members.run()), campaign);
        }
    }

    /** The addresses of the recipients whose claim is held now. */
    private static Set<String> sendingRecipients(Members members) {
        JsonNode page = call("GET", "/v1/campaigns/" + members.campaignId() + "/recipients?status=sending&limit=200", members.key(), null)
                .json();
        Set<String> sending = new HashSet<>();
        StreamSupport.stream(page.get("items").spliterator(), false)
                .forEach(recipient -> sending.add(members.addressById().get(recipient.get("customerId").asText())));
        return sending;
    }

    private static int total(Map<String, Integer> mails) {
        return mails.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** What the kill left, for ADR 20's record of what was seen. */
    private static void report(String kill, Killed killed) {
        System.out.printf("%s after %d sends: %d sends held, %d recipients left sending, %d in ADR 20's window; %d mails to %d addresses%n",
                kill, PASSING, killed.held(), killed.sendingAtKill().size(), killed.inWindow().size(), total(killed.mails()),
                killed.mails().size());
    }

    private static void assertSentToEveryRecipient(Killed killed, Members members) {
        assertThat(killed.campaign().get("stats").get("recipients").asLong()).isEqualTo(members.consenting().size());
        assertThat(killed.campaign().get("stats").get("sent").asLong()).isEqualTo(members.consenting().size());
        assertThat(killed.campaign().get("stats").get("failed").asLong()).isZero();
        // None lost, nobody who does not consent mailed.
        assertThat(killed.mails().keySet()).containsExactlyInAnyOrderElementsOf(members.consenting());
    }

    @Test
    void killedWhileSesHeldTheAnswersOfMailsItTookOnlyThoseRecipientsGetASecondMailAndNoneIsLost() throws Exception {
        Members members = membersWithDraft();
        ses.holdAnswersAfter(PASSING);

        Killed killed = sendKillAndRedeliver(members);
        report("killed with the answers held", killed);

        Set<String> window = killed.inWindow();
        assertThat(killed.held()).isPositive();
        assertThat(total(killed.mailsAtKill())).as("the kill landed mid-campaign").isEqualTo(PASSING + killed.held());
        // Each held send is a claimed recipient whose mail SES took: the window is exactly those, one batch at most.
        assertThat(window).hasSize(killed.held()).hasSizeLessThanOrEqualTo(QueueConsumer.CAMPAIGN_SENDER.batchSize());
        assertSentToEveryRecipient(killed, members);
        assertThat(killed.mails()).allSatisfy((address, count) ->
                assertThat(count).as(address).isEqualTo(window.contains(address) ? 2 : 1));
    }

    @Test
    void killedBeforeSesHadTheMailsNobodyGetsASecondMailAndNoneIsLost() throws Exception {
        Members members = membersWithDraft();
        ses.holdSendsAfter(PASSING);

        Killed killed = sendKillAndRedeliver(members);
        report("killed with the sends held before SES", killed);

        assertThat(killed.held()).isPositive();
        assertThat(total(killed.mailsAtKill())).as("the kill landed mid-campaign").isEqualTo(PASSING);
        // A task waiting for its token may claim between the last look and the kill: claimed, never sent, sent once later.
        assertThat(killed.sendingAtKill()).as("left sending by the kill").hasSizeGreaterThanOrEqualTo(killed.held());
        assertThat(killed.inWindow()).isEmpty();
        assertSentToEveryRecipient(killed, members);
        assertThat(killed.mails()).allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));
    }
}
