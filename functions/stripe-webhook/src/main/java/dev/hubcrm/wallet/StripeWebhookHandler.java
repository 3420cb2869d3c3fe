package dev.hubcrm.wallet;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
 * the raw body bytes is the authentication, checked before anything parses the body (only the
 * pipeline's size limit comes first). A 2xx tells Stripe to stop retrying, so every verified event
 * gets one, also those that change nothing.
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
            // Not request.json(): the signature over the raw bytes comes first, whatever the body or its content type.
            StripeWebhook.Outcome outcome;
            try {
                outcome = webhook.receive(request.bytes(), request.header(StripeWebhook.SIGNATURE_HEADER).orElse(null));
            } catch (InvalidWebhookException e) {
                throw ApiException.malformed(e.getMessage());
            }
            if (outcome == StripeWebhook.Outcome.MISMATCH) {
                LOG.warn("a Stripe event does not match its top-up (session, amount, currency, account or payment); no money moved",
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
