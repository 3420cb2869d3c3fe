package dev.hubcrm.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.hubcrm.common.ValidationException;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Stripe's events about top-ups. The signature is verified by Stripe Java on the raw body with a
 * 300 s tolerance before anything is read; then only checkout sessions and charges of hubcrm
 * top-ups (their metadata names hub, customer and top-up) move money: a paid session is credited at
 * most once whatever event ids carry it ({@link WalletService#completeTopUp}), a refunded charge
 * debits what was refunded and not debited yet ({@link WalletService#refundTopUp}). Every other
 * event is acknowledged and ignored.
 */
public final class StripeWebhook {
    public static final long TOLERANCE_SECONDS = 300;
    public static final String SIGNATURE_HEADER = "Stripe-Signature";
    private static final Pattern SECRET_SEPARATOR = Pattern.compile("\\s*,\\s*");

    /** What an event did. */
    public enum Outcome { CREDITED, ALREADY_CREDITED, DEBITED, ALREADY_DEBITED, FAILED, IGNORED, MISMATCH }

    private final Supplier<String> secret;
    private final WalletService wallets;
    private final Clock clock;

    public StripeWebhook(Supplier<String> secret, WalletService wallets, Clock clock) {
        this.secret = secret;
        this.wallets = wallets;
        this.clock = clock;
    }

    /**
     * Verifies and applies one event; an {@link InvalidWebhookException} when it is not provably from Stripe.
     *
     * @param payload the raw body, whose bytes the signature covers
     * @param event the same body as parsed JSON (the API pipeline parses every body once)
     */
    public Outcome receive(String payload, JsonNode event, String signature) {
        if (signature == null || signature.isBlank()) {
            throw new InvalidWebhookException("the event needs a " + SIGNATURE_HEADER + " header");
        }
        verify(payload, signature);
        if (!event.path("type").isTextual()) {
            throw ValidationException.of("type", "a Stripe event names its type");
        }
        JsonNode object = event.path("data").path("object");
        JsonNode metadata = object.path("metadata");
        String hubId = metadata.path(CheckoutGateway.HUB_ID).asText(null);
        String customerId = metadata.path(CheckoutGateway.CUSTOMER_ID).asText(null);
        String topUpId = metadata.path(CheckoutGateway.TOP_UP_ID).asText(null);
        if (hubId == null || customerId == null || topUpId == null) {
            return Outcome.IGNORED;
        }
        // Events of a hub's connected account name it; the top-up must have been paid to that account.
        String account = event.path("account").isTextual() ? event.path("account").asText() : null;
        String kind = object.path("object").asText();
        return switch (event.path("type").asText()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
                    kind.equals("checkout.session") && "paid".equals(object.path("payment_status").asText())
                            ? credit(wallets.completeTopUp(payment(hubId, customerId, topUpId, account, object, "amount_total")))
                            : Outcome.IGNORED;
            case "checkout.session.async_payment_failed", "checkout.session.expired" ->
                    kind.equals("checkout.session") && wallets.failTopUp(hubId, customerId, topUpId, account)
                            ? Outcome.FAILED : Outcome.IGNORED;
            case "charge.refunded" -> kind.equals("charge")
                    ? debit(wallets.refundTopUp(payment(hubId, customerId, topUpId, account, object, "amount_refunded")))
                    : Outcome.IGNORED;
            default -> Outcome.IGNORED;
        };
    }

    /**
     * Accepts a signature by any of the configured secrets (comma-separated): the platform's
     * endpoint and the Connect endpoint each have their own, and a rolled secret stays valid for a
     * while next to the new one.
     */
    private void verify(String payload, String signature) {
        String refusal = "no signature matches the body";
        for (String candidate : SECRET_SEPARATOR.split(secret.get().strip())) {
            try {
                Webhook.Signature.verifyHeader(payload, signature, candidate, TOLERANCE_SECONDS, clock);
                return;
            } catch (SignatureVerificationException e) {
                if (!e.getMessage().startsWith("No signatures found matching")) {
                    refusal = e.getMessage(); // the signature matched this secret but is stale or malformed: say so
                }
            }
        }
        throw new InvalidWebhookException("the " + SIGNATURE_HEADER + " does not verify: " + refusal);
    }

    /** Sessions and charges both name their payment intent and currency. */
    private static StripePayment payment(String hubId, String customerId, String topUpId, String account, JsonNode object,
            String amountField) {
        return new StripePayment(hubId, customerId, topUpId, account, object.path("payment_intent").asText(null),
                object.path(amountField).asLong(-1), object.path("currency").asText(""));
    }

    private static Outcome debit(WalletService.Debit debit) {
        return switch (debit) {
            case DEBITED -> Outcome.DEBITED;
            case ALREADY_DEBITED -> Outcome.ALREADY_DEBITED;
            case UNKNOWN_TOP_UP -> Outcome.IGNORED;
            case MISMATCH -> Outcome.MISMATCH;
        };
    }

    private static Outcome credit(WalletService.Credit credit) {
        return switch (credit) {
            case CREDITED -> Outcome.CREDITED;
            case ALREADY_CREDITED -> Outcome.ALREADY_CREDITED;
            case UNKNOWN_TOP_UP -> Outcome.IGNORED;
            case MISMATCH -> Outcome.MISMATCH;
        };
    }
}
