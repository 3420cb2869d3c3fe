package dev.hubcrm.wallet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Stripe's events about top-ups. The signature is verified by Stripe Java on the raw body with a
 * 300 s tolerance before anything is read; then only checkout sessions of hubcrm top-ups (their
 * metadata names hub, customer and top-up) move money, each credited at most once whatever event
 * ids carry it ({@link WalletService#completeTopUp}). Every other event is acknowledged and ignored.
 */
public final class StripeWebhook {
    public static final long TOLERANCE_SECONDS = 300;
    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    /** What an event did. */
    public enum Outcome { CREDITED, ALREADY_CREDITED, FAILED, IGNORED, AMOUNT_MISMATCH }

    private final Supplier<String> secret;
    private final WalletService wallets;
    private final Clock clock;

    public StripeWebhook(Supplier<String> secret, WalletService wallets, Clock clock) {
        this.secret = secret;
        this.wallets = wallets;
        this.clock = clock;
    }

    /** Verifies and applies one event; an {@link InvalidWebhookException} when it is not provably from Stripe. */
    public Outcome receive(String payload, String signature) {
        if (payload == null || signature == null || signature.isBlank()) {
            throw new InvalidWebhookException("the event needs its body and a " + SIGNATURE_HEADER + " header");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signature, secret.get(), TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            throw new InvalidWebhookException("the " + SIGNATURE_HEADER + " does not verify: " + e.getMessage());
        }
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(payload);
        } catch (JacksonException e) {
            throw new InvalidWebhookException("the signed body is not JSON");
        }
        if (!event.path("type").isTextual()) {
            throw ValidationException.of("type", "a Stripe event names its type");
        }
        JsonNode session = event.path("data").path("object");
        JsonNode metadata = session.path("metadata");
        String hubId = metadata.path(CheckoutGateway.HUB_ID).asText(null);
        String customerId = metadata.path(CheckoutGateway.CUSTOMER_ID).asText(null);
        String topUpId = metadata.path(CheckoutGateway.TOP_UP_ID).asText(null);
        if (!"checkout.session".equals(session.path("object").asText()) || hubId == null || customerId == null || topUpId == null) {
            return Outcome.IGNORED;
        }
        return switch (event.path("type").asText()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
                    "paid".equals(session.path("payment_status").asText())
                            ? credit(wallets.completeTopUp(hubId, customerId, topUpId, session.path("amount_total").asLong(-1),
                                    session.path("currency").asText("")))
                            : Outcome.IGNORED;
            case "checkout.session.async_payment_failed", "checkout.session.expired" ->
                    wallets.failTopUp(hubId, customerId, topUpId) ? Outcome.FAILED : Outcome.IGNORED;
            default -> Outcome.IGNORED;
        };
    }

    private static Outcome credit(WalletService.Credit credit) {
        return switch (credit) {
            case CREDITED -> Outcome.CREDITED;
            case ALREADY_CREDITED -> Outcome.ALREADY_CREDITED;
            case UNKNOWN_TOP_UP -> Outcome.IGNORED;
            case AMOUNT_MISMATCH -> Outcome.AMOUNT_MISMATCH;
        };
    }
}
