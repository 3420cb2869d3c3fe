package dev.hubcrm.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.StripeMock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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

    private static TopUp topUp(String stripeAccount) {
        return TopUp.pending("top_01J00000000000000000000000", "cus_01J00000000000000000000000", 2500, "EUR", stripeAccount,
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void aTopUpBecomesACheckoutSessionStripeAccepts() {
        StripeCheckoutGateway gateway = new StripeCheckoutGateway(() -> "sk_test_hubcrm", stripe.endpoint().toString(),
                "https://shop.example/wallet");

        CheckoutGateway.Session session = gateway.create("hub_01J00000000000000000000000", topUp(null));

        assertThat(session.id()).startsWith("cs_");
        assertThat(session.url()).startsWith("https://");
    }

    @Test
    void aHubsConnectedAccountGetsTheSessionAndThePlatformItsOwn() throws IOException {
        // stripe-mock accepts but does not echo Stripe-Account: a forwarding proxy in front of it shows what was sent.
        try (HeaderRecordingProxy proxy = HeaderRecordingProxy.to(stripe.endpoint())) {
            StripeCheckoutGateway gateway = new StripeCheckoutGateway(() -> "sk_test_hubcrm", proxy.base().toString(),
                    "https://shop.example/wallet");

            CheckoutGateway.Session onTheHub = gateway.create("hub_01J00000000000000000000000", topUp("acct_1HubFerme"));
            CheckoutGateway.Session onThePlatform = gateway.create("hub_01J00000000000000000000000", topUp(null));

            assertThat(onTheHub.id()).startsWith("cs_");
            assertThat(onThePlatform.id()).startsWith("cs_");
            assertThat(proxy.requests()).extracting(headers -> headers.getOrDefault("stripe-account", List.of()))
                    .containsExactly(List.of("acct_1HubFerme"), List.of());
        }
    }
}
