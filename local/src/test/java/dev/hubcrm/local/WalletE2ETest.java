package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.net.Webhook;
import dev.hubcrm.hubs.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wallet over HTTP: top-ups through the local checkout and signed webhooks, charges at the floor. */
class WalletE2ETest {
    private String key;
    private String customer;

    @BeforeEach
    void hubAndLead() {
        key = TestApi.newHub("Wallet hub");
        customer = call("POST", "/v1/customers", key, "{\"firstName\":\"Lea\",\"email\":\"lea@example.com\"}").json().get("id").asText();
    }

    private String wallet(String suffix) {
        return "/v1/customers/" + customer + "/wallet" + suffix;
    }

    private long balance() {
        return call("GET", wallet(""), key, null).json().get("balance").asLong();
    }

    /** The sum of every ledger entry, read page by page. */
    private long ledgerSum() {
        long sum = 0;
        String cursor = null;
        do {
            JsonNode page = call("GET", wallet("/transactions?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)), key, null).json();
            for (JsonNode entry : page.get("items")) {
                sum += entry.get("amount").asLong();
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return sum;
    }

    private JsonNode topUp(long amount) {
        TestApi.Response created = call("POST", wallet("/top-ups"), key, "{\"amount\":" + amount + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** A checkout.session.completed event for the top-up, as Stripe would send it. */
    private String completedEvent(JsonNode topUp, String eventId) {
        return completedEvent(topUp, eventId, null);
    }

    /** The same, from a connected account ({@code account} of the event) when not null. */
    private String completedEvent(JsonNode topUp, String eventId, String account) {
        return event(eventId, "checkout.session.completed", account, "{\"id\":\"" + sessionId(topUp)
                + "\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"amount_total\":" + topUp.get("amount").asLong()
                + ",\"currency\":\"eur\",\"payment_intent\":\"" + paymentIntent(topUp) + "\",\"metadata\":" + metadata(topUp) + "}");
    }

    /** A charge.refunded event of the top-up's payment: {@code amountRefunded} is what Stripe refunded of it so far. */
    private String refundedEvent(JsonNode topUp, long amountRefunded, String eventId) {
        return event(eventId, "charge.refunded", null, "{\"id\":\"ch_" + topUp.get("id").asText() + "\",\"object\":\"charge\",\"amount\":"
                + topUp.get("amount").asLong() + ",\"amount_refunded\":" + amountRefunded + ",\"currency\":\"eur\",\"payment_intent\":\""
                + paymentIntent(topUp) + "\",\"metadata\":" + metadata(topUp) + "}");
    }

    /** The top-up's own Checkout Session: the local checkout URL ends with its id. */
    private static String sessionId(JsonNode topUp) {
        String url = topUp.get("checkoutUrl").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String paymentIntent(JsonNode topUp) {
        return "pi_" + topUp.get("id").asText();
    }

    /** What the session and (copied by Stripe from the payment intent) the charge carry. */
    private String metadata(JsonNode topUp) {
        String hubId = call("GET", "/v1/hub", key, null).json().get("id").asText();
        return "{\"hubId\":\"" + hubId + "\",\"customerId\":\"" + customer + "\",\"topUpId\":\"" + topUp.get("id").asText() + "\"}";
    }

    private static String event(String id, String type, String account, String object) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\""
                + (account == null ? "" : ",\"account\":\"" + account + "\"") + ",\"data\":{\"object\":" + object + "}}";
    }

    /** Signs and sends an event now; answers the webhook's outcome. */
    private static String deliver(String payload) throws Exception {
        TestApi.Response response = webhook(payload, sign(payload, Webhook.Util.getTimeNow()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("outcome").asText();
    }

    private static TestApi.Response webhook(String payload, String signature) {
        return signature == null ? call("POST", "/webhooks/stripe", null, payload)
                : call("POST", "/webhooks/stripe", null, payload, "Stripe-Signature", signature);
    }

    private static String sign(String payload, long timestamp) throws Exception {
        return Webhook.Signature.generateSignatureHeader(payload, TestApi.server().stripeWebhookSecret(), timestamp);
    }

    @Test
    void aTopUpPaidAtTheCheckoutIsCreditedByTheSignedWebhookAndMakesTheLeadACustomer() {
        JsonNode topUp = topUp(2_500);
        assertThat(topUp.get("status").asText()).isEqualTo("pending");
        assertThat(balance()).isZero();

        TestApi.Response paid = call("POST", TestApi.pathOf(topUp.get("checkoutUrl").asText()), null, null);

        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
        assertThat(paid.json().get("outcome").asText()).isEqualTo("credited");
        assertThat(balance()).isEqualTo(2_500);
        JsonNode entry = call("GET", wallet("/transactions"), key, null).json().get("items").get(0);
        assertThat(entry.get("type").asText()).isEqualTo("top-up");
        assertThat(entry.get("topUpId").asText()).isEqualTo(topUp.get("id").asText());
        JsonNode lea = call("GET", "/v1/customers/" + customer, key, null).json();
        assertThat(lea.get("status").asText()).isEqualTo("customer");
        assertThat(lea.get("lastTopUpAt").isTextual()).isTrue();
    }

    @Test
    void theSameEventReplayedAThousandTimesAndUnderOtherEventIdsCreditsOnce() throws Exception {
        JsonNode topUp = topUp(1_000);
        String payload = completedEvent(topUp, "evt_replayed");
        String signature = sign(payload, Webhook.Util.getTimeNow());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                statuses.add(pool.submit(() -> webhook(payload, signature).status()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        String other = completedEvent(topUp, "evt_other_id");
        assertThat(webhook(other, sign(other, Webhook.Util.getTimeNow())).json().get("outcome").asText()).isEqualTo("already_credited");

        assertThat(balance()).isEqualTo(1_000);
        assertThat(ledgerSum()).isEqualTo(1_000);
    }

    @Test
    void tamperedUnsignedAndStaleEventsAre400AndWriteNothing() throws Exception {
        JsonNode topUp = topUp(1_000);
        String payload = completedEvent(topUp, "evt_attack");
        String signature = sign(payload, Webhook.Util.getTimeNow());

        TestApi.Response tampered = webhook(payload.replace("\"amount_total\":1000", "\"amount_total\":9000"), signature);
        TestApi.Response unsigned = webhook(payload, null);
        TestApi.Response stale = webhook(payload, sign(payload, Webhook.Util.getTimeNow() - 301));
        TestApi.Response wrongSecret = webhook(payload, Webhook.Signature.generateSignatureHeader(payload, "whsec_not_ours", Webhook.Util.getTimeNow()));

        for (TestApi.Response refused : List.of(tampered, unsigned, stale, wrongSecret)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        }
        assertThat(balance()).isZero();
        assertThat(call("GET", wallet("/transactions"), key, null).json().get("items")).isEmpty();
        assertThat(webhook(payload, signature).json().get("outcome").asText()).isEqualTo("credited");
        assertThat(balance()).isEqualTo(1_000);
    }

    @Test
    void eventsOfOtherTypesAreAcknowledgedAndIgnored() throws Exception {
        String payload = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\",\"data\":{\"object\":{\"id\":\"cus_x\",\"object\":\"customer\"}}}";

        TestApi.Response response = webhook(payload, sign(payload, Webhook.Util.getTimeNow()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("outcome").asText()).isEqualTo("ignored");
    }

    @Test
    void twoHundredConcurrentChargesNeverCrossTheFloorAndTheLedgerSumsToTheBalance() throws Exception {
        assertThat(call("PATCH", "/v1/hub", key, "{\"wallet\":{\"floor\":-5000}}").status()).isEqualTo(200);
        assertThat(call("POST", wallet("/adjustments"), key, "{\"amount\":10000,\"reason\":\"opening credit\"}").status()).isEqualTo(201);
        ExecutorService pool = Executors.newFixedThreadPool(200);
        List<Future<TestApi.Response>> charges = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                String body = "{\"amount\":100,\"orderRef\":\"order-" + i + "\"}";
                charges.add(pool.submit(() -> call("POST", wallet("/charges"), key, body)));
            }
            int created = 0;
            int refused = 0;
            for (Future<TestApi.Response> charge : charges) {
                TestApi.Response response = charge.get();
                assertThat(response.status()).as(response.body()).isIn(201, 402);
                created += response.status() == 201 ? 1 : 0;
                refused += response.status() == 402 ? 1 : 0;
            }
            assertThat(created).isEqualTo(150);
            assertThat(refused).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance()).isEqualTo(-5_000);
        assertThat(ledgerSum()).isEqualTo(-5_000);
    }

    @Test
    void aCreditOnlyRefusalCarriesATopUpLinkThatWorks() {
        assertThat(call("PATCH", "/v1/hub", key, "{\"wallet\":{\"creditOnly\":true}}").status()).isEqualTo(200);
        String order = "{\"amount\":1200,\"orderRef\":\"basket-42\"}";

        TestApi.Response refused = call("POST", wallet("/charges"), key, order);

        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:hubcrm:problem:insufficient-funds");
        assertThat(problem.get("balance").asLong()).isZero();
        assertThat(problem.get("shortfall").asLong()).isEqualTo(1_200);
        assertThat(problem.get("creditOnly").asBoolean()).isTrue();
        assertThat(call("POST", TestApi.pathOf(problem.get("topUpUrl").asText()), null, null).status()).isEqualTo(200);
        assertThat(balance()).isEqualTo(1_200);
        TestApi.Response charged = call("POST", wallet("/charges"), key, order, "Idempotency-Key", "basket-42-try-2");
        assertThat(charged.status()).as(charged.body()).isEqualTo(201);
        assertThat(call("POST", wallet("/charges"), key, order).status()).isEqualTo(200);
        assertThat(balance()).isZero();
    }

    @Test
    void theCustomerListFiltersThoseWhoRunLow() {
        String rich = call("POST", "/v1/customers", key, "{\"firstName\":\"Rich\",\"phone\":\"+33611111111\"}").json().get("id").asText();
        String owing = call("POST", "/v1/customers", key, "{\"firstName\":\"Owing\",\"phone\":\"+33622222222\"}").json().get("id").asText();
        call("PATCH", "/v1/hub", key, "{\"wallet\":{\"floor\":-5000}}");
        call("POST", "/v1/customers/" + rich + "/wallet/adjustments", key, "{\"amount\":5000,\"reason\":\"opening credit\"}");
        call("POST", "/v1/customers/" + owing + "/wallet/adjustments", key, "{\"amount\":-2000,\"reason\":\"tab\"}");

        JsonNode low = call("GET", "/v1/customers?balanceBelow=1000", key, null).json();
        JsonNode firstPage = call("GET", "/v1/customers?balanceBelow=1000&limit=1", key, null).json();
        JsonNode secondPage = call("GET", "/v1/customers?balanceBelow=1000&limit=1&cursor=" + firstPage.get("nextCursor").asText(), key, null).json();

        assertThat(low.get("items").findValuesAsText("id")).containsExactly(owing, customer);
        assertThat(firstPage.get("items").findValuesAsText("id")).containsExactly(owing);
        assertThat(secondPage.get("items").findValuesAsText("id")).containsExactly(customer);
        assertThat(call("GET", "/v1/customers?balanceBelow=-2000", key, null).json().get("items")).isEmpty();
        assertThat(call("GET", "/v1/customers?balanceBelow=lots", key, null).status()).isEqualTo(422);
    }

    @Test
    void thePortalLinkShowsTheWalletAsJsonAndHtmlOffersATopUpAndOpensNothingWhenChanged() {
        call("POST", wallet("/adjustments"), key, "{\"amount\":1500,\"reason\":\"welcome <b>gift</b>\"}");
        TestApi.Response link = call("POST", "/v1/customers/" + customer + "/portal-link", key, null);
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        String url = link.json().get("url").asText();
        String path = TestApi.pathOf(url);

        JsonNode portal = call("GET", path, null, null).json();
        TestApi.Response page = call("GET", path, null, null, "Accept", "text/html");
        TestApi.Response changed = call("GET", path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA"), null, null);
        TestApi.Response topUp = call("POST", path + "/top-ups", null, "amount=2500", "Content-Type", "application/x-www-form-urlencoded");

        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(portal.get("wallet").get("balance").asLong()).isEqualTo(1_500);
        assertThat(portal.get("transactions").get(0).get("reason").asText()).isEqualTo("welcome <b>gift</b>");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"en\">", "15.00 EUR", "<form method=\"post\"", "welcome &lt;b&gt;gift&lt;/b&gt;")
                .doesNotContain("<b>gift</b>");
        assertThat(changed.status()).isEqualTo(404);
        assertThat(topUp.status()).isEqualTo(303);
        assertThat(call("POST", TestApi.pathOf(topUp.header("Location")), null, null).status()).isEqualTo(200);
        assertThat(balance()).isEqualTo(4_000);
    }

    @Test
    void everyPortalAnswerIsKeptOutOfCachesFramesAndReferers() {
        String path = TestApi.pathOf(call("POST", "/v1/customers/" + customer + "/portal-link", key, null).json().get("url").asText());
        List<TestApi.Response> answers = List.of(
                call("GET", path, null, null),
                call("GET", path, null, null, "Accept", "text/html"),
                call("GET", path + "x", null, null),
                call("POST", path + "/top-ups", null, "amount=2500", "Content-Type", "application/x-www-form-urlencoded"),
                call("POST", path + "/top-ups", null, "{\"amount\":1}"));

        assertThat(answers).extracting(TestApi.Response::status).containsExactly(200, 200, 404, 303, 422);
        for (TestApi.Response answer : answers) {
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Content-Security-Policy")).startsWith("default-src 'none'; style-src 'sha256-")
                    .contains("; form-action 'self' https://checkout.stripe.com;", "; frame-ancestors 'none'")
                    .doesNotContain("unsafe");
        }
        String page = answers.get(1).body();
        String style = page.substring(page.indexOf("<style>") + "<style>".length(), page.indexOf("</style>"));
        assertThat(answers.get(1).header("Content-Security-Policy")).as("the page's own style sheet is the one allowed")
                .contains("'sha256-" + Base64.getEncoder().encodeToString(sha256(style)) + "'");
        assertThat(call("GET", "/v1/customers/" + customer + "/wallet", key, null).header("Content-Security-Policy")).isNull();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theHubRevokesACustomersPortalLinksAndTheyOpenAndChangeNothing() {
        call("POST", wallet("/adjustments"), key, "{\"amount\":1500,\"reason\":\"gift\"}");
        String first = TestApi.pathOf(call("POST", "/v1/customers/" + customer + "/portal-link", key, null).json().get("url").asText());
        String second = TestApi.pathOf(call("POST", "/v1/customers/" + customer + "/portal-link", key, null).json().get("url").asText());
        assertThat(call("GET", first, null, null).status()).isEqualTo(200);

        TestApi.Response revoked = call("DELETE", "/v1/customers/" + customer + "/portal-link", key, null);

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        for (String old : List.of(first, second)) {
            assertThat(call("GET", old, null, null).status()).isEqualTo(404);
            assertThat(call("GET", old, null, null, "Accept", "text/html").status()).isEqualTo(404);
            assertThat(call("POST", old + "/top-ups", null, "amount=2500", "Content-Type", "application/x-www-form-urlencoded").status())
                    .isEqualTo(404);
            assertThat(call("POST", old + "/top-ups", null, "{\"amount\":2500}").status()).isEqualTo(404);
        }
        String fresh = TestApi.pathOf(call("POST", "/v1/customers/" + customer + "/portal-link", key, null).json().get("url").asText());
        assertThat(call("GET", fresh, null, null).json().get("wallet").get("balance").asLong()).isEqualTo(1_500);
        assertThat(call("GET", wallet("/transactions"), key, null).json().get("items")).hasSize(1);
        assertThat(call("DELETE", "/v1/customers/cus_00000000000000000000000000/portal-link", key, null).status()).isEqualTo(404);
    }

    @Test
    void refundsReferenceTheirChargeAndNeverExceedIt() {
        call("POST", wallet("/adjustments"), key, "{\"amount\":3000,\"reason\":\"opening credit\"}");
        String chargeId = call("POST", wallet("/charges"), key, "{\"amount\":1000,\"orderRef\":\"o-1\"}").json().get("id").asText();

        TestApi.Response refund = call("POST", wallet("/refunds"), key, "{\"chargeId\":\"" + chargeId + "\",\"amount\":700,\"reason\":\"missing eggs\"}");
        TestApi.Response tooMuch = call("POST", wallet("/refunds"), key, "{\"chargeId\":\"" + chargeId + "\",\"amount\":301}");
        TestApi.Response noReason = call("POST", wallet("/adjustments"), key, "{\"amount\":100}");

        assertThat(refund.status()).isEqualTo(201);
        assertThat(refund.json().get("chargeId").asText()).isEqualTo(chargeId);
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(balance()).isEqualTo(2_700);
        assertThat(ledgerSum()).isEqualTo(2_700);
    }

    @Test
    void aCardRefundThroughStripeDebitsTheWalletOnceHoweverOftenAndInWhateverOrderItArrives() throws Exception {
        JsonNode topUp = topUp(2_500);
        String early = refundedEvent(topUp, 1_000, "evt_refund_early");
        TestApi.Response beforeThePayment = webhook(early, sign(early, Webhook.Util.getTimeNow()));
        assertThat(beforeThePayment.status()).as(beforeThePayment.body()).isEqualTo(409);
        assertThat(deliver(completedEvent(topUp, "evt_paid"))).isEqualTo("credited");

        String partial = refundedEvent(topUp, 1_000, "evt_refund_partial");
        String signature = sign(partial, Webhook.Util.getTimeNow());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                outcomes.add(pool.submit(() -> webhook(partial, signature).json().get("outcome").asText()));
            }
            List<String> answered = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                answered.add(outcome.get());
            }
            assertThat(answered).containsOnly("debited", "already_debited").containsOnlyOnce("debited");
        } finally {
            pool.shutdownNow();
        }
        assertThat(deliver(refundedEvent(topUp, 2_500, "evt_refund_full"))).isEqualTo("debited");
        assertThat(deliver(early)).isEqualTo("already_debited");

        assertThat(balance()).isZero();
        assertThat(ledgerSum()).isZero();
        JsonNode latest = call("GET", wallet("/transactions?limit=2"), key, null).json().get("items");
        assertThat(latest.findValuesAsText("type")).containsExactly("refund", "refund");
        assertThat(latest.findValues("amount")).extracting(JsonNode::asLong).containsExactly(-1_500L, -1_000L);
        assertThat(latest.findValuesAsText("topUpId")).containsOnly(topUp.get("id").asText());
        assertThat(latest.findValuesAsText("actor")).containsOnly("stripe");
    }

    @Test
    void aHubsConnectedAccountTakesItsTopUpsAndOnlyThatAccountsEventsCreditThem() throws Exception {
        String account = "/v1/hubs/" + call("GET", "/v1/hub", key, null).json().get("id").asText() + "/stripe-account";
        TestApi.Response invalid = call("PUT", account, TestApi.operatorKey(), "{\"stripeAccountId\":\"sk_live_secret\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").findValuesAsText("field")).containsExactly("stripeAccountId");
        TestApi.Response connected = call("PUT", account, TestApi.operatorKey(), "{\"stripeAccountId\":\"acct_1HubWallet\"}");
        assertThat(connected.status()).as(connected.body()).isEqualTo(200);
        assertThat(connected.json().at("/wallet/stripeAccountId").asText()).isEqualTo("acct_1HubWallet");
        JsonNode topUp = topUp(1_000);

        assertThat(deliver(completedEvent(topUp, "evt_platform"))).isEqualTo("mismatch");
        assertThat(deliver(completedEvent(topUp, "evt_other_hub", "acct_1OtherHub"))).isEqualTo("mismatch");
        assertThat(balance()).isZero();
        assertThat(deliver(completedEvent(topUp, "evt_connect", "acct_1HubWallet"))).isEqualTo("credited");
        assertThat(balance()).isEqualTo(1_000);
        TestApi.Response platformAgain = call("PUT", account, TestApi.operatorKey(), "{\"stripeAccountId\":null}");
        assertThat(platformAgain.json().at("/wallet/stripeAccountId").isNull()).isTrue();
    }

    @Test
    void onlyTheOperatorSetsWhereTheMoneyGoesAndTheHubSeesWhoDidAndWhen() {
        String account = "/v1/hubs/" + call("GET", "/v1/hub", key, null).json().get("id").asText() + "/stripe-account";
        assertThat(call("GET", "/v1/hub", key, null).json().at("/wallet/stripeAccountSetBy").isNull()).isTrue();
        for (String value : List.of("\"acct_1Mallory\"", "null")) {
            TestApi.Response patched = call("PATCH", "/v1/hub", key, "{\"wallet\":{\"stripeAccountId\":" + value + "}}");
            assertThat(patched.status()).as(value).isEqualTo(422);
            assertThat(patched.json().get("errors").findValuesAsText("field")).containsExactly("wallet.stripeAccountId");
            assertThat(patched.json().get("errors").findValuesAsText("message").getFirst()).contains("operator");
        }
        TestApi.Response byTheHub = call("PUT", account, key, "{\"stripeAccountId\":\"acct_1Mallory\"}");
        assertThat(byTheHub.status()).isEqualTo(401);
        assertThat(call("PUT", "/v1/hubs/hub_00000000000000000000000000/stripe-account", TestApi.operatorKey(),
                "{\"stripeAccountId\":\"acct_1Nobody\"}").status()).isEqualTo(404);
        assertThat(call("PUT", account, TestApi.operatorKey(), "{}").json().get("errors").findValuesAsText("field"))
                .containsExactly("stripeAccountId");
        assertThat(call("GET", "/v1/hub", key, null).json().at("/wallet/stripeAccountId").isNull()).isTrue();

        TestApi.Response set = call("PUT", account, TestApi.operatorKey(), "{\"stripeAccountId\":\"acct_1HubFarm\"}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        JsonNode wallet = call("GET", "/v1/hub", key, null).json().get("wallet");
        assertThat(wallet.get("stripeAccountId").asText()).isEqualTo("acct_1HubFarm");
        assertThat(wallet.get("stripeAccountSetBy").asText())
                .isEqualTo("operator:" + ApiKeys.sha256(TestApi.operatorKey()).substring(0, 12));
        assertThat(Instant.parse(wallet.get("stripeAccountSetAt").asText())).isBeforeOrEqualTo(Instant.now());
        TestApi.Response renamed = call("PATCH", "/v1/hub", key, "{\"name\":\"Still paid to the farm\",\"wallet\":null}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().at("/wallet/stripeAccountId").asText()).as("the hub's own changes keep it").isEqualTo("acct_1HubFarm");
        assertThat(call("PUT", account, TestApi.operatorKey(), "{\"stripeAccountId\":null}").status()).isEqualTo(200);
    }

    @Test
    void aHubsTopUpReturnUrlIsSetAndClearedThroughTheApi() throws Exception {
        assertThat(call("GET", "/v1/hub", key, null).json().at("/wallet/topUpReturnUrl").isNull()).isTrue();
        for (String bad : List.of("\"http://shop.example/wallet\"", "\"/wallet\"", "\"https://" + "a".repeat(3_000) + "\"", "42")) {
            TestApi.Response invalid = call("PATCH", "/v1/hub", key, "{\"wallet\":{\"topUpReturnUrl\":" + bad + "}}");
            assertThat(invalid.status()).as(bad).isEqualTo(422);
            assertThat(invalid.json().get("errors").findValuesAsText("field")).containsExactly("wallet.topUpReturnUrl");
        }
        TestApi.Response unknown = call("PATCH", "/v1/hub", key, "{\"wallet\":{\"returnUrl\":\"https://shop.example/wallet\"}}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("errors").findValuesAsText("field")).containsExactly("wallet.returnUrl");

        TestApi.Response set = call("PATCH", "/v1/hub", key, "{\"wallet\":{\"topUpReturnUrl\":\"https://shop.example/wallet\"}}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().at("/wallet/topUpReturnUrl").asText()).isEqualTo("https://shop.example/wallet");
        assertThat(call("GET", "/v1/hub", key, null).json().at("/wallet/topUpReturnUrl").asText()).isEqualTo("https://shop.example/wallet");
        TestApi.Response cleared = call("PATCH", "/v1/hub", key, "{\"wallet\":{\"topUpReturnUrl\":null}}");
        assertThat(cleared.json().at("/wallet/topUpReturnUrl").isNull()).isTrue();
    }
}
