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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replays Stripe's checkout.session.completed and charge.refunded samples through the real
 * stripe-webhook handler, signed and not, with two configured secrets (the platform's endpoint and
 * the Connect endpoint), and hostile requests: bodies that are not JSON, other content types, stale
 * and future timestamps, another session naming the top-up.
 */
class StripeWebhookHandlerTest {
    private static final String SECRET = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    private static final String CONNECT_SECRET = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static StripeWebhookHandler handler;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO)
                .withCheckout(new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL), () -> SECRET + ", " + CONNECT_SECRET, () -> "portal-secret-for-tests");
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

    /** A top-up of 25.00 waiting for its payment, and the values the samples' placeholders take. */
    private static Map<String, String> pendingTopUp() {
        String hubId = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub().id();
        String customerId = app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, null, "+33600000002",
                "Ines", null, null, List.of(), Map.of(), false, null, false)).id();
        TopUp topUp = app.wallet().startTopUp(hubId, customerId, 2_500L);
        return Map.of("hubId", hubId, "customerId", customerId, "topUpId", topUp.id(), "sessionId", topUp.sessionId());
    }

    private static APIGatewayV2HTTPEvent signed(String sample, Map<String, String> values, String secret, long timestamp)
            throws Exception {
        APIGatewayV2HTTPEvent loaded = Events.load(sample, values);
        return Events.withHeader(loaded, "stripe-signature", Webhook.Signature.generateSignatureHeader(loaded.getBody(), secret, timestamp));
    }

    @Test
    void aSignedCompletedCheckoutCreditsItsTopUpOnceAndAnUnsignedOneNothing() throws Exception {
        Map<String, String> values = pendingTopUp();
        String hubId = values.get("hubId");
        String customerId = values.get("customerId");
        APIGatewayV2HTTPEvent unsigned = Events.load("http/stripe-checkout-completed.json", values);
        APIGatewayV2HTTPEvent signed = signed("http/stripe-checkout-completed.json", values, SECRET, Webhook.Util.getTimeNow());

        APIGatewayV2HTTPResponse refused = send(unsigned);
        APIGatewayV2HTTPResponse credited = send(signed);
        APIGatewayV2HTTPResponse again = send(signed);

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(credited.getStatusCode()).isEqualTo(200);
        assertThat(credited.getBody()).contains("\"outcome\":\"credited\"");
        assertThat(again.getBody()).contains("\"outcome\":\"already_credited\"");
        assertThat(app.wallet().wallet(hubId, customerId).balance()).isEqualTo(2_500);
    }

    @Test
    void aCreditLandsAndAnswers200WhenTheStatusStepAfterItFails() throws Exception {
        Map<String, String> values = pendingTopUp();
        String hubId = values.get("hubId");
        String customerId = values.get("customerId");
        // The status step reads the customer back; a creation time that is no time makes that read fail, as a
        // customer that keeps changing or was deleted meanwhile would. The credit itself only moves the balance.
        app.dynamo().updateItem(r -> r.tableName(app.table())
                .key(Map.of("PK", AttributeValue.fromS("HUB#" + hubId), "SK", AttributeValue.fromS("CUST#" + customerId)))
                .updateExpression("SET createdAt = :unreadable")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":unreadable", AttributeValue.fromS("not-a-time"))));

        APIGatewayV2HTTPResponse credited = send(signed("http/stripe-checkout-completed.json", values, SECRET, Webhook.Util.getTimeNow()));

        assertThat(credited.getStatusCode()).as(credited.getBody()).isEqualTo(200);
        assertThat(credited.getBody()).contains("\"outcome\":\"credited\"");
        assertThat(app.wallet().wallet(hubId, customerId).balance()).isEqualTo(2_500);
    }

    @Test
    void aRefundedChargeSignedForTheConnectEndpointDebitsItsTopUpOnce() throws Exception {
        Map<String, String> values = pendingTopUp();
        String hubId = values.get("hubId");
        String customerId = values.get("customerId");
        send(signed("http/stripe-checkout-completed.json", values, SECRET, Webhook.Util.getTimeNow()));
        APIGatewayV2HTTPEvent refund = signed("http/stripe-charge-refunded.json", values, CONNECT_SECRET, Webhook.Util.getTimeNow());

        APIGatewayV2HTTPResponse stale = send(signed("http/stripe-charge-refunded.json", values, CONNECT_SECRET,
                Webhook.Util.getTimeNow() - 301));
        APIGatewayV2HTTPResponse debited = send(refund);
        APIGatewayV2HTTPResponse again = send(refund);

        assertThat(stale.getStatusCode()).isEqualTo(400);
        assertThat(stale.getBody()).contains("tolerance");
        assertThat(debited.getBody()).contains("\"outcome\":\"debited\"");
        assertThat(again.getBody()).contains("\"outcome\":\"already_debited\"");
        assertThat(app.wallet().wallet(hubId, customerId).balance()).isEqualTo(2_500 - 1_000);
    }

    /** A body signed as Stripe signs it (over its exact bytes), with the given content type. */
    private static APIGatewayV2HTTPEvent withBody(String body, String contentType, String signature) {
        APIGatewayV2HTTPEvent event = Events.withHeader(Events.withBody(Events.load("http/stripe-checkout-completed.json",
                Map.of("hubId", "h", "customerId", "c", "topUpId", "t", "sessionId", "s")), body), "content-type", contentType);
        return signature == null ? Events.withoutHeader(event, "stripe-signature") : Events.withHeader(event, "stripe-signature", signature);
    }

    private static String detail(APIGatewayV2HTTPResponse response) throws Exception {
        return dev.hubcrm.http.Json.MAPPER.readTree(response.getBody()).path("detail").asText();
    }

    @Test
    void aSignedBodyThatIsNotJsonIsRefusedOnlyOnceItsSignatureHolds() throws Exception {
        String body = "amount=2500&topUpId=top_1";
        long now = Webhook.Util.getTimeNow();

        APIGatewayV2HTTPResponse signed = send(withBody(body, "application/x-www-form-urlencoded",
                Webhook.Signature.generateSignatureHeader(body, SECRET, now)));
        APIGatewayV2HTTPResponse forged = send(withBody(body, "application/x-www-form-urlencoded",
                Webhook.Signature.generateSignatureHeader(body, "whsec_not_ours", now)));

        assertThat(signed.getStatusCode()).isEqualTo(400);
        assertThat(detail(signed)).isEqualTo("the event is signed but its body is not JSON");
        assertThat(forged.getStatusCode()).isEqualTo(400);
        assertThat(detail(forged)).contains("Stripe-Signature does not verify");
    }

    @Test
    void anUnsignedRequestIsA400NamingTheSignatureWhateverItsBodyOrContentType() throws Exception {
        List<APIGatewayV2HTTPResponse> answers = List.of(
                send(withBody("<xml>not json</xml>", "text/xml", null)),
                send(withBody("", "application/json", null)),
                send(withBody("{\"type\": [", "image/png", "t=1,v1=nothex")));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.getStatusCode()).isEqualTo(400);
            assertThat(answer.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
            assertThat(detail(answer)).contains("Stripe-Signature");
        });
    }

    @Test
    void aTimestampTenMinutesInTheFutureIsRefusedAndCreditsNothing() throws Exception {
        Map<String, String> values = pendingTopUp();

        APIGatewayV2HTTPResponse future = send(signed("http/stripe-checkout-completed.json", values, SECRET,
                Webhook.Util.getTimeNow() + 600));

        assertThat(future.getStatusCode()).isEqualTo(400);
        assertThat(detail(future)).contains("in the future").contains("tolerance of 300 s");
        assertThat(app.wallet().wallet(values.get("hubId"), values.get("customerId")).balance()).isZero();
    }

    @Test
    void anotherSessionNamingTheTopUpInItsMetadataIsAMismatchThatMovesNothing() throws Exception {
        Map<String, String> values = pendingTopUp();
        Map<String, String> otherSession = new java.util.HashMap<>(values);
        otherSession.put("sessionId", "cs_test_anotherSessionWithCopiedMetadata");

        APIGatewayV2HTTPResponse other = send(signed("http/stripe-checkout-completed.json", otherSession, SECRET,
                Webhook.Util.getTimeNow()));

        assertThat(other.getStatusCode()).isEqualTo(200);
        assertThat(other.getBody()).contains("\"outcome\":\"mismatch\"");
        assertThat(app.wallet().wallet(values.get("hubId"), values.get("customerId")).balance()).isZero();
        assertThat(send(signed("http/stripe-checkout-completed.json", values, SECRET, Webhook.Util.getTimeNow())).getBody())
                .contains("\"outcome\":\"credited\"");
    }
}
