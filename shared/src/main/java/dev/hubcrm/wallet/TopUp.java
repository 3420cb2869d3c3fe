package dev.hubcrm.wallet;

import java.time.Instant;

/**
 * A card payment that credits the wallet once Stripe confirms it. Pending until then; credited
 * exactly once (the move to {@code completed} is conditioned on {@code pending}). A card refund in
 * Stripe later debits what was refunded ({@code refunded}, never more than {@code amount}).
 *
 * @param stripeAccount the hub's connected Stripe account the session was created on; null: the platform's
 * @param paymentIntentId the payment that completed it, as Stripe named it (null until completed)
 * @param refunded how much of the payment Stripe refunded so far, already debited from the wallet
 */
public record TopUp(String id, String customerId, long amount, String currency, Status status, String sessionId,
        String checkoutUrl, String stripeAccount, String paymentIntentId, long refunded, Instant createdAt, Instant completedAt) {
    public static final String ID_PREFIX = "top";

    public enum Status {
        PENDING, COMPLETED, FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A new pending top-up, before its checkout session exists. */
    public static TopUp pending(String id, String customerId, long amount, String currency, String stripeAccount, Instant at) {
        return new TopUp(id, customerId, amount, currency, Status.PENDING, null, null, stripeAccount, null, 0, at, null);
    }

    public TopUp withCheckout(String sessionId, String checkoutUrl) {
        return new TopUp(id, customerId, amount, currency, status, sessionId, checkoutUrl, stripeAccount, paymentIntentId,
                refunded, createdAt, completedAt);
    }
}
