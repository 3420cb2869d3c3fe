package dev.hubcrm.wallet;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Stripe Checkout (Stripe Java): one payment-mode session per top-up, whose metadata (on the
 * session and its payment intent, which Stripe copies to the charge) names the hub, the customer
 * and the top-up for the webhook. A hub with a connected account gets the session on that account
 * (the {@code Stripe-Account} header), so the money goes to the hub.
 */
public final class StripeCheckoutGateway implements CheckoutGateway {
    private final Supplier<String> secretKey;
    private final String apiBase;
    private final String returnUrl;
    private StripeClient stripe;

    /**
     * @param secretKey read on the first top-up, not at init (SnapStart snapshots init)
     * @param apiBase null for Stripe itself; an emulator's base URL in tests
     * @param returnUrl where Stripe sends the customer after paying or cancelling
     */
    public StripeCheckoutGateway(Supplier<String> secretKey, String apiBase, String returnUrl) {
        this.secretKey = secretKey;
        this.apiBase = apiBase;
        this.returnUrl = returnUrl;
    }

    private synchronized StripeClient stripe() {
        if (stripe == null) {
            StripeClient.StripeClientBuilder builder = StripeClient.builder().setApiKey(secretKey.get()).setMaxNetworkRetries(2);
            if (apiBase != null) {
                builder.setApiBase(apiBase);
            }
            stripe = builder.build();
        }
        return stripe;
    }

    @Override
    public CheckoutGateway.Session create(String hubId, TopUp topUp) {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(topUp.id())
                .setSuccessUrl(returnUrl)
                .setCancelUrl(returnUrl)
                .putMetadata(HUB_ID, hubId)
                .putMetadata(CUSTOMER_ID, topUp.customerId())
                .putMetadata(TOP_UP_ID, topUp.id())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata(HUB_ID, hubId)
                        .putMetadata(CUSTOMER_ID, topUp.customerId())
                        .putMetadata(TOP_UP_ID, topUp.id())
                        .build())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(topUp.currency().toLowerCase(Locale.ROOT))
                                .setUnitAmount(topUp.amount())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Wallet top-up").build())
                                .build())
                        .build())
                .build();
        try {
            RequestOptions options = topUp.stripeAccount() == null ? RequestOptions.getDefault()
                    : RequestOptions.builder().setStripeAccount(topUp.stripeAccount()).build();
            com.stripe.model.checkout.Session session = stripe().v1().checkout().sessions().create(params, options);
            return new CheckoutGateway.Session(session.getId(), session.getUrl());
        } catch (StripeException e) {
            throw new IllegalStateException("Stripe refused the checkout session (" + e.getCode() + ", request "
                    + e.getRequestId() + ")", e);
        }
    }
}
