package dev.hubcrm.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.ApiResource;
import com.stripe.net.BearerTokenAuthenticator;
import com.stripe.net.FormEncoder;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.StripeResponse;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Stripe Checkout (Stripe Java): one payment-mode session per top-up, whose metadata (on the
 * session and its payment intent, which Stripe copies to the charge) names the hub, the customer
 * and the top-up for the webhook. A hub with a connected account gets the session on that account
 * (the {@code Stripe-Account} header), so the money goes to the hub.
 */
public final class StripeCheckoutGateway implements CheckoutGateway {
    private static final String SESSIONS_PATH = "/v1/checkout/sessions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<String> secretKey;
    private final String apiBase;
    private StripeClient stripe;

    /**
     * @param secretKey read at every top-up (never at init: SnapStart snapshots init), so a rotated
     *     key is used as soon as the supplier gives it
     * @param apiBase null for Stripe itself; an emulator's base URL in tests
     */
    public StripeCheckoutGateway(Supplier<String> secretKey, String apiBase) {
        this.secretKey = secretKey;
        this.apiBase = apiBase;
    }

    /** The client holds no key: each request is signed with the one the supplier gives then. */
    private synchronized StripeClient stripe() {
        if (stripe == null) {
            StripeClient.StripeClientBuilder builder = StripeClient.builder().setMaxNetworkRetries(2)
                    .setAuthenticator(request -> new BearerTokenAuthenticator(secretKey.get()).authenticate(request));
            if (apiBase != null) {
                builder.setApiBase(apiBase);
            }
            stripe = builder.build();
        }
        return stripe;
    }

    @Override
    public CheckoutGateway.Session create(String hubId, TopUp topUp, String returnUrl) {
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
            RawRequestOptions.RawRequestOptionsBuilder options = RawRequestOptions.builder();
            if (topUp.stripeAccount() != null) {
                options.setStripeAccount(topUp.stripeAccount());
            }
            // A raw request with the typed parameters form-encoded: deserialising the answer into Stripe's
            // Session model would make Gson link every model it reaches (prices, invoices...), and with them
            // their parameter classes, 8 MB more in the function jar; the id and URL are all a top-up needs.
            StripeResponse response = stripe().rawRequest(ApiResource.RequestMethod.POST, SESSIONS_PATH,
                    FormEncoder.createQueryString(params.toMap()), options.build());
            JsonNode session = JSON.readTree(response.body());
            return new CheckoutGateway.Session(session.path("id").asText(), session.path("url").asText());
        } catch (StripeException e) {
            throw new CheckoutUnavailableException("Stripe did not create the checkout session (" + e.getCode() + ", request "
                    + e.getRequestId() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Stripe answered a checkout session that is not JSON", e);
        }
    }
}
