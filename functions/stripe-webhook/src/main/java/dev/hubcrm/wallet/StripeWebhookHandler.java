package dev.hubcrm.wallet;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiException;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stripe-webhook: {@code POST /webhooks/stripe}. Public (Stripe has no hub key): the signature on
 * the raw body is the authentication, checked before anything is read. A 2xx tells Stripe to stop
 * retrying, so every verified event gets one, also those that change nothing.
 */
public final class StripeWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(StripeWebhookHandler.class);
    private final ApiPipeline api;

    public StripeWebhookHandler() {
        this(AppContext.fromEnvironment());
    }

    public StripeWebhookHandler(AppContext app) {
        StripeWebhook webhook = app.stripeWebhook();
        api = app.pipeline(LambdaFunction.STRIPE_WEBHOOK, Map.of("POST /webhooks/stripe", request -> {
            JsonNode event = request.json(); // 415 for another media type, 400 for a body that is not JSON, as on every route
            StripeWebhook.Outcome outcome;
            try {
                outcome = webhook.receive(request.body(), event, request.header(StripeWebhook.SIGNATURE_HEADER).orElse(null));
            } catch (InvalidWebhookException e) {
                throw ApiException.malformed(e.getMessage());
            }
            if (outcome == StripeWebhook.Outcome.MISMATCH) {
                LOG.warn("a Stripe event does not match its top-up (amount, currency, account or payment); no money moved",
                        entry("outcome", outcome.name()));
            }
            return Reply.ok(Json.object().put("received", true).put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)));
        }));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
