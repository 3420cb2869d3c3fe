package dev.hubcrm.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.StripeMock;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Stripe Checkout adapter against stripe-mock, which checks every parameter against Stripe's
 * OpenAPI description (an unknown or mistyped parameter is a 400 there): the session request is one
 * Stripe accepts, and the answer is read as Stripe sends it.
 */
class StripeCheckoutGatewayTest {
    private static EmulatorProcess stripe;

    @BeforeAll
    static void startStripeMock() {
        stripe = StripeMock.start();
    }

    @AfterAll
    static void stopStripeMock() {
        stripe.close();
    }

    private static final String HUB = "hub_01J00000000000000000000000";
    private static final String CUSTOMER = "cus_01J00000000000000000000000";
    private static final String TOP_UP = "top_01J00000000000000000000000";
    private static final String RETURN_URL = "https://api.hubcrm.example/portal/aGVsbG8.c2lnbmF0dXJl";

    private static TopUp topUp(String stripeAccount) {
        return TopUp.pending(TOP_UP, CUSTOMER, 2500, "EUR", stripeAccount,
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void aTopUpBecomesACheckoutSessionWithItsAmountCurrencyMetadataAndReturnPage() throws IOException {
        try (RecordingProxy proxy = RecordingProxy.to(stripe.endpoint())) {
            StripeCheckoutGateway gateway = new StripeCheckoutGateway(() -> "sk_test_hubcrm", proxy.base().toString());

            CheckoutGateway.Session session = gateway.create(HUB, topUp(null), RETURN_URL);

            assertThat(session.id()).startsWith("cs_");
            assertThat(session.url()).startsWith("https://");
            assertThat(proxy.requests()).hasSize(1);
            Map<String, String> sent = form(proxy.requests().get(0).body());
            assertThat(sent).containsEntry("mode", "payment")
                    .containsEntry("client_reference_id", TOP_UP)
                    .containsEntry("success_url", RETURN_URL)
                    .containsEntry("cancel_url", RETURN_URL)
                    .containsEntry("line_items[0][quantity]", "1")
                    .containsEntry("line_items[0][price_data][currency]", "eur")
                    .containsEntry("line_items[0][price_data][unit_amount]", "2500")
                    .containsEntry("metadata[hubId]", HUB)
                    .containsEntry("metadata[customerId]", CUSTOMER)
                    .containsEntry("metadata[topUpId]", TOP_UP)
                    .containsEntry("payment_intent_data[metadata][hubId]", HUB)
                    .containsEntry("payment_intent_data[metadata][customerId]", CUSTOMER)
                    .containsEntry("payment_intent_data[metadata][topUpId]", TOP_UP);
        }
    }

    @Test
    void aHubsConnectedAccountGetsTheSessionAndThePlatformItsOwn() throws IOException {
        // stripe-mock accepts but does not echo Stripe-Account: a forwarding proxy in front of it shows what was sent.
        try (RecordingProxy proxy = RecordingProxy.to(stripe.endpoint())) {
            StripeCheckoutGateway gateway = new StripeCheckoutGateway(() -> "sk_test_hubcrm", proxy.base().toString());

            CheckoutGateway.Session onTheHub = gateway.create(HUB, topUp("acct_1HubFerme"), RETURN_URL);
            CheckoutGateway.Session onThePlatform = gateway.create(HUB, topUp(null), RETURN_URL);

            assertThat(onTheHub.id()).startsWith("cs_");
            assertThat(onThePlatform.id()).startsWith("cs_");
            assertThat(proxy.requests()).extracting(request -> request.headers().getOrDefault("stripe-account", List.of()))
                    .containsExactly(List.of("acct_1HubFerme"), List.of());
        }
    }

    @Test
    void aRotatedSecretKeyIsSentFromTheNextTopUpOn() throws IOException {
        AtomicReference<String> currentKey = new AtomicReference<>("sk_test_BeforeRotation");
        try (RecordingProxy proxy = RecordingProxy.to(stripe.endpoint())) {
            StripeCheckoutGateway gateway = new StripeCheckoutGateway(currentKey::get, proxy.base().toString());

            gateway.create(HUB, topUp(null), RETURN_URL);
            currentKey.set("sk_test_AfterRotation");
            gateway.create(HUB, topUp(null), RETURN_URL);

            assertThat(proxy.requests()).extracting(request -> request.headers().get("authorization"))
                    .containsExactly(List.of("Bearer sk_test_BeforeRotation"), List.of("Bearer sk_test_AfterRotation"));
        }
    }

    /** An application/x-www-form-urlencoded body as name → value. */
    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
