package dev.hubcrm.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.stripe.net.Webhook;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replays Stripe's checkout.session.completed sample through the real stripe-webhook handler, signed and not. */
class StripeWebhookHandlerTest {
    private static final String SECRET = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static StripeWebhookHandler handler;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO)
                .withCheckout(new LocalCheckoutGateway(), () -> SECRET, () -> "portal-secret-for-tests");
        handler = new StripeWebhookHandler(app);
    }

    @AfterAll
    static void stopDynamoDb() {
        app.dynamo().close();
        dynamoDb.close();
    }

    private static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new InvocationContext("stripe-webhook", 1024));
    }

    @Test
    void aSignedCompletedCheckoutCreditsItsTopUpOnceAndAnUnsignedOneNothing() throws Exception {
        String hubId = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub().id();
        String customerId = app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, null, "+33600000002",
                "Ines", null, null, List.of(), Map.of(), false, null, false)).id();
        TopUp topUp = app.wallet().startTopUp(hubId, customerId, 2_500L);
        Map<String, String> values = Map.of("hubId", hubId, "customerId", customerId, "topUpId", topUp.id());
        APIGatewayV2HTTPEvent unsigned = Events.load("http/stripe-checkout-completed.json", values);
        APIGatewayV2HTTPEvent loaded = Events.load("http/stripe-checkout-completed.json", values);
        APIGatewayV2HTTPEvent signed = Events.withHeader(loaded, "stripe-signature",
                Webhook.Signature.generateSignatureHeader(loaded.getBody(), SECRET));

        APIGatewayV2HTTPResponse refused = send(unsigned);
        APIGatewayV2HTTPResponse credited = send(signed);
        APIGatewayV2HTTPResponse again = send(signed);

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(credited.getStatusCode()).isEqualTo(200);
        assertThat(credited.getBody()).contains("\"outcome\":\"credited\"");
        assertThat(again.getBody()).contains("\"outcome\":\"already_credited\"");
        assertThat(app.wallet().wallet(hubId, customerId).balance()).isEqualTo(2_500);
    }
}
