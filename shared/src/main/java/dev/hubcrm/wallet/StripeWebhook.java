package dev.hubcrm.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's events about top-ups. The signature (Stripe's {@code v1} scheme: HMAC-SHA256 of {@code
 * <t>.<raw body bytes>}) is verified on the raw body before anything reads it, whatever its content
 * type, and its timestamp must be within 300 s of now, in the past or in the future; only then is the
 * body parsed. Only checkout sessions and charges of hubcrm top-ups (their metadata names hub,
 * customer and top-up) move money: a paid session is credited at most once whatever event ids carry
 * it, and only when it is the top-up's own session ({@link WalletService#completeTopUp}), a refunded
 * charge debits what was refunded and not debited yet ({@link WalletService#refundTopUp}). Every
 * other event is acknowledged and ignored.
 */
public final class StripeWebhook {
    public static final long TOLERANCE_SECONDS = 300;
    public static final String SIGNATURE_HEADER = "Stripe-Signature";
    private static final Pattern SECRET_SEPARATOR = Pattern.compile("\\s*,\\s*");
    private static final int SIGNATURE_HEX_LENGTH = 64;

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
     * Verifies and applies one event; an {@link InvalidWebhookException} when it is not provably from
     * Stripe, or when what Stripe provably signed is not a JSON event.
     *
     * @param payload the raw body, exactly the bytes the signature covers; nothing reads them before it holds
     */
    public Outcome receive(byte[] payload, String signature) {
        verify(payload, signature);
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new InvalidWebhookException("the event is signed but its body is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new InvalidWebhookException("the event is signed but its body is not a JSON object");
        }
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
        // A session names itself; metadata can be copied to any session, so the id is what ties it to the top-up.
        String sessionId = kind.equals("checkout.session") && object.path("id").isTextual() ? object.path("id").asText() : null;
        return switch (event.path("type").asText()) {
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
                    kind.equals("checkout.session") && "paid".equals(object.path("payment_status").asText())
                            ? credit(wallets.completeTopUp(payment(hubId, customerId, topUpId, account, sessionId, object, "amount_total")))
                            : Outcome.IGNORED;
            case "checkout.session.async_payment_failed", "checkout.session.expired" ->
                    kind.equals("checkout.session") && wallets.failTopUp(hubId, customerId, topUpId, account, sessionId)
                            ? Outcome.FAILED : Outcome.IGNORED;
            case "charge.refunded" -> kind.equals("charge")
                    ? debit(wallets.refundTopUp(payment(hubId, customerId, topUpId, account, null, object, "amount_refunded")))
                    : Outcome.IGNORED;
            default -> Outcome.IGNORED;
        };
    }

    /**
     * Accepts a signature by any of the configured secrets (comma-separated): the platform's
     * endpoint and the Connect endpoint each have their own, and a rolled secret stays valid for a
     * while next to the new one. One HMAC of the body per secret, however many signatures the header
     * lists; the timestamp of a matching signature must be within {@link #TOLERANCE_SECONDS} of now,
     * either way (Stripe Java only refuses old ones).
     */
    private void verify(byte[] payload, String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidWebhookException("the event needs a " + SIGNATURE_HEADER + " header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    timestamp = null;
                }
            } else if (name.equals("v1") && value.length() == SIGNATURE_HEX_LENGTH
                    && value.chars().allMatch(HexFormat::isHexDigit)) {
                signatures.add(HexFormat.of().parseHex(value));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new InvalidWebhookException("the " + SIGNATURE_HEADER + " header does not verify: it needs t=<unix time> and"
                    + " v1=<HMAC-SHA256 hex>");
        }
        byte[] signed = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : SECRET_SEPARATOR.split(secret.get().strip())) {
            byte[] expected = hmac(candidate, signed, payload);
            matched |= signatures.stream().anyMatch(given -> MessageDigest.isEqual(expected, given));
        }
        if (!matched) {
            throw new InvalidWebhookException("the " + SIGNATURE_HEADER + " does not verify: no signature matches the body");
        }
        long age = clock.millis() / 1000 - timestamp;
        if (age > TOLERANCE_SECONDS) {
            throw new InvalidWebhookException("the " + SIGNATURE_HEADER + " timestamp is " + age + " s old, outside the tolerance of "
                    + TOLERANCE_SECONDS + " s: a replay is refused");
        }
        if (-age > TOLERANCE_SECONDS) {
            throw new InvalidWebhookException("the " + SIGNATURE_HEADER + " timestamp is " + -age + " s in the future, outside the"
                    + " tolerance of " + TOLERANCE_SECONDS + " s");
        }
    }

    private static byte[] hmac(String secret, byte[] prefix, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** Sessions and charges both name their payment intent and currency. */
    private static StripePayment payment(String hubId, String customerId, String topUpId, String account, String sessionId,
            JsonNode object, String amountField) {
        return new StripePayment(hubId, customerId, topUpId, account, object.path("payment_intent").asText(null),
                object.path(amountField).asLong(-1), object.path("currency").asText(""), sessionId);
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
