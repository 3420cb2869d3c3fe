package dev.hubcrm.wallet;

/** A webhook that is not provably from Stripe (no, a bad or a stale signature): answered 400, nothing written. */
public final class InvalidWebhookException extends RuntimeException {
    public InvalidWebhookException(String message) {
        super(message);
    }
}
