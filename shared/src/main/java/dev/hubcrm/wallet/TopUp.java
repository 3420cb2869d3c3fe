package dev.hubcrm.wallet;

import java.time.Instant;

/**
 * A card payment that credits the wallet once Stripe confirms it. Pending until then; credited
 * exactly once (the move to {@code completed} is conditioned on {@code pending}).
 */
public record TopUp(String id, String customerId, long amount, String currency, Status status, String sessionId,
        String checkoutUrl, Instant createdAt, Instant completedAt) {
    public static final String ID_PREFIX = "top";

    public enum Status {
        PENDING, COMPLETED, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TopUp withCheckout(String sessionId, String checkoutUrl) {
        return new TopUp(id, customerId, amount, currency, status, sessionId, checkoutUrl, createdAt, completedAt);
    }
}
