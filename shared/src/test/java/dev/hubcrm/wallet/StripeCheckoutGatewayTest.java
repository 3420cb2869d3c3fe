package dev.hubcrm.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.testkit.StripeMock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Stripe Checkout adapter against stripe-mock, which checks every parameter against Stripe's
 * OpenAPI description (an unknown or mistyped parameter is a 400 there): the session request is one
 * Stripe accepts, and the answer is read as Stripe sends it.
 */
class StripeCheckoutGatewayTest {
    private static StripeMock stripe;

    @BeforeAll
    static void startStripeMock() {
        stripe = StripeMock.start();
    }

    @AfterAll
    static void stopStripeMock() {
        stripe.close();
    }

    private static TopUp topUp() {
        return new TopUp("top_01J00000000000000000000000", "cus_01J00000000000000000000000", 2500, "EUR",
                TopUp.Status.PENDING, null, null, Instant.parse("2026-11-23T10:00:00Z"), null);
    }

    @Test
    void aTopUpBecomesACheckoutSessionStripeAccepts() {
        StripeCheckoutGateway gateway = new StripeCheckoutGateway(() -> "sk_test_hubcrm", stripe.apiBase().toString(),
                "https://shop.example/wallet");

        CheckoutGateway.Session session = gateway.create("hub_01J00000000000000000000000", topUp());

        assertThat(session.id()).startsWith("cs_");
        assertThat(session.url()).startsWith("https://");
    }
}
