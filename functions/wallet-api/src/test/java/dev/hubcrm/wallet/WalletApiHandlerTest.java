package dev.hubcrm.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.http.Json;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.FreePort;
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

/** Replays the wallet samples of {@code events/http/} through the real wallet-api handler on DynamoDB Local. */
class WalletApiHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static WalletApiHandler handler;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO)
                .withCheckout(new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL), () -> "whsec_test", () -> "portal-secret-for-tests");
        handler = new WalletApiHandler(app);
    }

    @AfterAll
    static void stopDynamoDb() {
        app.dynamo().close();
        dynamoDb.close();
    }

    private static APIGatewayV2HTTPResponse send(String file, Map<String, String> values) {
        return handler.handleRequest(Events.load(file, values), new InvocationContext("wallet-api", 1024));
    }

    /** A new hub with one customer: the {@code hubKey} and {@code customerId} of the samples. */
    private static Map<String, String> hubWithACustomer(String phone, String firstName) {
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris"));
        String customerId = app.customers().create(hub.hub().id(), new CustomerDraft(CustomerType.PERSON, null, phone,
                firstName, null, null, List.of(), Map.of(), false, null, false)).id();
        return Map.of("hubKey", hub.key().secret(), "customerId", customerId, "hubId", hub.hub().id());
    }

    @Test
    void aChargeWithoutFundsIs402WithATopUpLinkAndWithFundsDebitsTheWallet() throws Exception {
        Map<String, String> values = hubWithACustomer("+33600000001", "Paul");
        String customerId = values.get("customerId");

        APIGatewayV2HTTPResponse refused = send("http/charge-wallet.json", values);
        app.wallet().adjust(values.get("hubId"), customerId, 2_000L, "opening credit");
        APIGatewayV2HTTPResponse charged = send("http/charge-wallet.json", values);
        APIGatewayV2HTTPResponse wallet = send("http/get-wallet.json", values);

        assertThat(refused.getStatusCode()).isEqualTo(402);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(refused.getBody());
        assertThat(problem.get("shortfall").asLong()).isEqualTo(1_250);
        assertThat(problem.get("topUpUrl").asText()).startsWith(AppContext.LOCAL_BASE_URL + LocalCheckoutGateway.PATH_PREFIX);
        assertThat(charged.getStatusCode()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(charged.getBody()).get("amount").asLong()).isEqualTo(-1_250);
        assertThat(Json.MAPPER.readTree(wallet.getBody()).get("balance").asLong()).isEqualTo(750);
    }

    @Test
    void aRefusedChargeIs402WithARetryHintWhenStripeCannotOpenTheCheckout() throws Exception {
        Map<String, String> values = hubWithACustomer("+33600000003", "Lea");
        String customerId = values.get("customerId");

        APIGatewayV2HTTPResponse refused = stripeDown().handleRequest(Events.load("http/charge-wallet.json", values),
                new InvocationContext("wallet-api", 1024));

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(402);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(refused.getBody());
        assertThat(problem.get("shortfall").asLong()).isEqualTo(1_250);
        assertThat(problem.get("topUpUrl").isNull()).as("topUpUrl is present and null").isTrue();
        assertThat(problem.get("retryTopUp").get("method").asText()).isEqualTo("POST");
        assertThat(problem.get("retryTopUp").get("path").asText()).isEqualTo("/v1/customers/" + customerId + "/wallet/top-ups");
        assertThat(problem.get("retryTopUp").get("body").get("amount").asLong()).isEqualTo(1_250);
        assertThat(app.wallet().wallet(values.get("hubId"), customerId).balance()).isZero();
    }

    @Test
    void aTopUpIs503WithRetryAfterWhenStripeCannotOpenTheCheckout() throws Exception {
        Map<String, String> values = hubWithACustomer("+33600000004", "Noe");

        APIGatewayV2HTTPResponse unavailable = stripeDown().handleRequest(Events.load("http/create-top-up.json", values),
                new InvocationContext("wallet-api", 1024));

        assertThat(unavailable.getStatusCode()).as(unavailable.getBody()).isEqualTo(503);
        assertThat(unavailable.getHeaders()).containsEntry("Content-Type", "application/problem+json").containsKey("Retry-After");
        assertThat(Json.MAPPER.readTree(unavailable.getBody()).get("type").asText()).isEqualTo("urn:hubcrm:problem:busy");
        assertThat(app.wallet().wallet(values.get("hubId"), values.get("customerId")).balance()).isZero();
    }

    /** The real Stripe adapter against a port nothing listens on: it fails to connect, as when Stripe is down. */
    private WalletApiHandler stripeDown() {
        String unreachableStripe = "http://127.0.0.1:" + FreePort.next();
        return new WalletApiHandler(AppContext.local(dynamoDb.endpoint(), app.table(), ApiKeys.sha256("op-" + UUID.randomUUID()),
                        Clock.systemUTC(), Duration.ZERO)
                .withCheckout(new StripeCheckoutGateway(() -> "sk_test_unreachable", unreachableStripe), () -> "whsec_test",
                        () -> "portal-secret-for-tests"));
    }

    @Test
    void revokedPortalLinksOpenNothingAndTheirAnswersAreKeptOutOfCaches() throws Exception {
        Map<String, String> values = hubWithACustomer("+33600000002", "Lina");
        String url = Json.MAPPER.readTree(send("http/create-portal-link.json", values).getBody()).get("url").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        APIGatewayV2HTTPEvent portal = Events.load("http/get-wallet.json", values);
        portal.setRouteKey("GET /portal/{token}");
        portal.setRawPath("/portal/" + token);
        portal.setPathParameters(Map.of("token", token));
        portal.setHeaders(Map.of("accept", "application/json"));
        APIGatewayV2HTTPResponse before = handler.handleRequest(portal, new InvocationContext("wallet-api", 1024));

        APIGatewayV2HTTPResponse revoked = send("http/revoke-portal-links.json", values);
        APIGatewayV2HTTPResponse after = handler.handleRequest(portal, new InvocationContext("wallet-api", 1024));

        assertThat(before.getStatusCode()).isEqualTo(200);
        assertThat(revoked.getStatusCode()).as(revoked.getBody()).isEqualTo(204);
        assertThat(after.getStatusCode()).isEqualTo(404);
        for (APIGatewayV2HTTPResponse answer : List.of(before, after)) {
            assertThat(answer.getHeaders()).containsEntry("Cache-Control", "no-store").containsEntry("Referrer-Policy", "no-referrer")
                    .containsEntry("X-Content-Type-Options", "nosniff").containsKey("Content-Security-Policy");
        }
        assertThat(revoked.getHeaders()).doesNotContainKey("Content-Security-Policy");
    }
}
