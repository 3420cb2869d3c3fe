package dev.hubcrm.wallet;

/**
 * What a verified Stripe event says about the card payment of a top-up.
 *
 * @param account the connected account the event came from ({@code account} of the event); null: the platform's
 * @param paymentIntentId the payment, as Stripe names it
 * @param amount for a paid session, the amount paid; for a refunded charge, the total refunded so far
 * @param currency ISO code, any case
 * @param sessionId the Checkout Session the event is about ({@code id} of a session event); null for a charge
 */
public record StripePayment(String hubId, String customerId, String topUpId, String account, String paymentIntentId,
        long amount, String currency, String sessionId) {
}
