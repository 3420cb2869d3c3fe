package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.common.Ids;
import dev.hubcrm.http.Json;
import dev.hubcrm.wallet.CheckoutGateway;
import dev.hubcrm.wallet.LocalCheckoutGateway;
import dev.hubcrm.wallet.StripeWebhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /_local/checkout/{sessionId}}: the customer pays a local top-up. Sends the signed
 * {@code checkout.session.completed} event Stripe would send to {@code /webhooks/stripe}, through
 * the HTTP API like Stripe, so that the real signature check and crediting run; answers what the
 * webhook answered.
 */
final class LocalCheckout implements HttpHandler {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LocalCheckoutGateway gateway;
    private final Supplier<String> webhookSecret;
    private final Supplier<String> baseUrl;

    LocalCheckout(LocalCheckoutGateway gateway, Supplier<String> webhookSecret, Supplier<String> baseUrl) {
        this.gateway = gateway;
        this.webhookSecret = webhookSecret;
        this.baseUrl = baseUrl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
            String sessionId = exchange.getRequestURI().getPath().substring(LocalCheckoutGateway.PATH_PREFIX.length());
            Optional<LocalCheckoutGateway.Pending> pending = gateway.session(sessionId);
            if (pending.isEmpty()) {
                LocalProblem.write(exchange, 404, "no pending checkout " + sessionId + "; POST to the checkoutUrl of a top-up of this server");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                LocalProblem.methodNotAllowed(exchange, "POST", "pay a local checkout with POST");
                return;
            }
            String payload = completedEvent(pending.get()).toString();
            HttpRequest webhook = HttpRequest.newBuilder(URI.create(baseUrl.get() + "/webhooks/stripe"))
                    .header("Content-Type", "application/json")
                    .header(StripeWebhook.SIGNATURE_HEADER, Webhook.Signature.generateSignatureHeader(payload, webhookSecret.get()))
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            HttpResponse<String> answer = HTTP.send(webhook, HttpResponse.BodyHandlers.ofString());
            LocalApi.write(exchange, answer.statusCode(), Map.of("Content-Type", "application/json"), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HMAC-SHA256", e);
        }
    }

    /** The event as Stripe sends it for a paid checkout session (the fields hubcrm reads, and their neighbours). */
    private static ObjectNode completedEvent(LocalCheckoutGateway.Pending pending) {
        ObjectNode event = Json.object().put("id", Ids.newId("evt_local")).put("object", "event")
                .put("type", "checkout.session.completed").put("created", System.currentTimeMillis() / 1000).put("livemode", false);
        ObjectNode session = event.putObject("data").putObject("object").put("id", pending.sessionId())
                .put("object", "checkout.session").put("mode", "payment").put("status", "complete")
                .put("payment_status", "paid").put("amount_total", pending.topUp().amount())
                .put("currency", pending.topUp().currency().toLowerCase(Locale.ROOT))
                .put("client_reference_id", pending.topUp().id()).put("payment_intent", Ids.newId("pi_local"));
        session.putObject("metadata").put(CheckoutGateway.HUB_ID, pending.hubId())
                .put(CheckoutGateway.CUSTOMER_ID, pending.topUp().customerId()).put(CheckoutGateway.TOP_UP_ID, pending.topUp().id());
        return event;
    }
}
