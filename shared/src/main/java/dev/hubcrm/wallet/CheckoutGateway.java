package dev.hubcrm.wallet;

/**
 * Where customers pay top-ups: Stripe Checkout in the stack (and with {@code STRIPE_SECRET_KEY}
 * locally), the local checkout of {@code ./dev run} otherwise. Whichever it is, the wallet is
 * credited only by the signed webhook that confirms the payment.
 */
public interface CheckoutGateway {
    /** Metadata keys every checkout session carries, read back by the webhook. */
    String HUB_ID = "hubId";
    String CUSTOMER_ID = "customerId";
    String TOP_UP_ID = "topUpId";

    /**
     * A session where the customer pays {@code topUp}; its metadata names hub, customer and top-up.
     * The customer comes back to {@code returnUrl} (absolute) after paying or cancelling.
     *
     * @throws CheckoutUnavailableException when the provider cannot open one now
     */
    Session create(String hubId, TopUp topUp, String returnUrl);

    record Session(String id, String url) {
    }
}
