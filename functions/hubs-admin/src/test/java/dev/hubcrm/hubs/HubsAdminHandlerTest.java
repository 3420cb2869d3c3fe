package dev.hubcrm.hubs;

import static dev.hubcrm.testkit.lambda.Responses.JSON;
import static dev.hubcrm.testkit.lambda.Responses.PROBLEM_JSON;
import static dev.hubcrm.testkit.lambda.Responses.header;
import static dev.hubcrm.testkit.lambda.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import dev.hubcrm.http.Json;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Replays the sample HTTP API events of {@code events/http/} through the real hubs-admin handler,
 * wired to DynamoDB Local running in this JVM.
 */
class HubsAdminHandlerTest {
    private static final String OPERATOR_KEY = "op-" + UUID.randomUUID();
    private static final PageRequest EVERY_KEY = new PageRequest(PageRequest.MAX_LIMIT, null);

    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static HubsAdminHandler handler;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256(OPERATOR_KEY), Clock.systemUTC(), Duration.ZERO);
        handler = new HubsAdminHandler(app);
    }

    @AfterAll
    static void stopDynamoDb() {
        if (app != null) {
            app.dynamo().close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    private static APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new InvocationContext("hubs-admin", 512));
    }

    /** aws-lambda-java-tests' own annotation: the path is relative to the module (surefire's working directory). */
    @ParameterizedTest
    @Event(value = "../../events/http/health.json", type = APIGatewayV2HTTPEvent.class)
    void healthAnswersOkWithoutAKey(APIGatewayV2HTTPEvent event) {
        assertThat(event.getHeaders()).doesNotContainKey("authorization");

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        assertThat(json(response)).isEqualTo(Json.object().put("status", "ok"));
    }

    @Test
    void servesTheOpenApiDocument() {
        APIGatewayV2HTTPResponse response = invoke(Events.load("http/get-openapi.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        JsonNode document = json(response);
        assertThat(document.path("openapi").asText()).startsWith("3.1");
        assertThat(document.path("paths").has("/v1/customers/{id}")).isTrue();
        assertThat(document.path("paths").has("/v1/hubs")).isTrue();
    }

    @Test
    void theOperatorCreatesAHubWhoseKeyThenAuthenticates() {
        APIGatewayV2HTTPResponse created = invoke(Events.load("http/create-hub.json", Map.of("operatorKey", OPERATOR_KEY)));

        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        assertThat(header(created, "Content-Type")).isEqualTo(JSON);
        assertThat(header(created, "Location")).isEqualTo("/v1/hub");
        JsonNode hub = json(created);
        String hubId = hub.path("id").asText();
        assertThat(hubId).startsWith("hub_");
        assertThat(hub.path("name").asText()).isEqualTo("Green Valley Food Hub");
        assertThat(hub.path("currency").asText()).isEqualTo("EUR");
        assertThat(hub.path("timezone").asText()).isEqualTo("Europe/Paris");
        String apiKey = hub.path("apiKey").asText();
        assertThat(apiKey).startsWith("hcrm." + hubId + ".key_");

        APIGatewayV2HTTPResponse read = invoke(Events.load("http/get-hub.json", Map.of("hubKey", apiKey)));

        assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(200);
        assertThat(header(read, "Content-Type")).isEqualTo(JSON);
        JsonNode readHub = json(read);
        assertThat(readHub.path("id").asText()).isEqualTo(hubId);
        assertThat(readHub.path("name").asText()).isEqualTo("Green Valley Food Hub");
        assertThat(readHub.path("currency").asText()).isEqualTo("EUR");
        assertThat(readHub.has("apiKey")).as("the secret is only shown once, at creation").isFalse();
        assertThat(read.getBody()).doesNotContain(apiKey);
    }

    @Test
    void theOperatorSetsAHubsStripeAccountAndItIsRecordedWithWhoAndWhen() {
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Connected Hub", "EUR", null));
        Map<String, String> values = Map.of("operatorKey", OPERATOR_KEY, "hubId", hub.hub().id());

        APIGatewayV2HTTPResponse set = invoke(Events.withBody(Events.load("http/set-stripe-account.json", values),
                "{\"stripeAccountId\": \"acct_1GreenValley\"}"));

        assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(200);
        JsonNode wallet = readHub(hub.key().secret()).path("wallet");
        assertThat(wallet.path("stripeAccountId").asText()).isEqualTo("acct_1GreenValley");
        assertThat(wallet.path("stripeAccountSetBy").asText()).isEqualTo("operator:" + ApiKeys.sha256(OPERATOR_KEY).substring(0, 12));
        assertThat(wallet.path("stripeAccountSetAt").asText()).isEqualTo(app.hubs().get(hub.hub().id()).stripeAccountSet().at().toString());
        assertThat(invoke(Events.load("http/set-stripe-account.json", values)).getStatusCode()).isEqualTo(200);
        assertThat(readHub(hub.key().secret()).path("wallet").path("stripeAccountId").isNull()).as("the sample: the platform's").isTrue();
        assertUnauthorized(invoke(Events.load("http/set-stripe-account.json", Map.of("operatorKey", hub.key().secret(),
                "hubId", hub.hub().id()))), "/v1/hubs/" + hub.hub().id() + "/stripe-account");
    }

    @Test
    void aWrongOperatorKeyIsUnauthorized() {
        APIGatewayV2HTTPEvent event = Events.load("http/create-hub.json", Map.of("operatorKey", OPERATOR_KEY + "x"));

        APIGatewayV2HTTPResponse response = invoke(event);

        assertUnauthorized(response, "/v1/hubs");
        assertThat(json(response).path("requestId").asText()).isEqualTo(event.getRequestContext().getRequestId());
    }

    @Test
    void aHubKeyCannotCreateHubs() {
        String hubKey = app.hubs().create(new NewHub("Other Hub", "EUR", null)).key().secret();

        APIGatewayV2HTTPResponse response = invoke(Events.load("http/create-hub.json", Map.of("operatorKey", hubKey)));

        assertUnauthorized(response, "/v1/hubs");
    }

    @Test
    void theOperatorKeyIsNotAHubKey() {
        APIGatewayV2HTTPResponse response = invoke(Events.load("http/get-hub.json", Map.of("hubKey", OPERATOR_KEY)));

        assertUnauthorized(response, "/v1/hub");
    }

    @Test
    void aHubRouteWithoutAuthorizationIsUnauthorized() {
        APIGatewayV2HTTPEvent event = Events.withoutHeader(Events.load("http/get-hub.json", Map.of("hubKey", "unused")),
                "authorization");

        assertUnauthorized(invoke(event), "/v1/hub");
    }

    @ParameterizedTest
    @Event(value = "../../events/http/unknown-route.json", type = APIGatewayV2HTTPEvent.class)
    void anUnknownRouteIsANotFoundProblem(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(header(response, "Content-Type")).isEqualTo(PROBLEM_JSON);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:hubcrm:problem:not-found");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("instance").asText()).isEqualTo("/v1/widgets");
    }

    @Test
    void aCustomersRouteIsNotServedByHubsAdmin() {
        APIGatewayV2HTTPResponse response = invoke(Events.load("http/get-customer.json",
                Map.of("hubKey", "unused", "customerId", "cus_01JPAZ7XQ0V8M1D3Y5K2N4R6T8")));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(header(response, "Content-Type")).isEqualTo(PROBLEM_JSON);
    }

    private static APIGatewayV2HTTPResponse patchHub(String hubKey, String body) {
        return invoke(Events.withBody(Events.load("http/patch-hub.json", Map.of("hubKey", hubKey)), body));
    }

    private static JsonNode readHub(String hubKey) {
        APIGatewayV2HTTPResponse response = invoke(Events.load("http/get-hub.json", Map.of("hubKey", hubKey)));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response);
    }

    @Test
    void statusRulesAndFieldsRoundTripThroughPatch() throws Exception {
        String hubKey = app.hubs().create(new NewHub("Rules Hub", "EUR", null)).key().secret();
        JsonNode before = readHub(hubKey);
        assertThat(before.path("statusRules")).as("the defaults").isEqualTo(Json.MAPPER.readTree(
                "{\"leadToCustomer\": {\"enabled\": true}, \"vip\": {\"enabled\": false}}"));
        assertThat(before.path("fields").isArray()).isTrue();
        assertThat(before.path("fields")).isEmpty();

        APIGatewayV2HTTPResponse patched = invoke(Events.load("http/patch-hub.json", Map.of("hubKey", hubKey)));

        assertThat(patched.getStatusCode()).as(patched.getBody()).isEqualTo(200);
        assertThat(header(patched, "Content-Type")).isEqualTo(JSON);
        JsonNode hub = json(patched);
        assertThat(hub.path("statusRules")).isEqualTo(Json.MAPPER.readTree("""
                {"leadToCustomer": {"enabled": true},
                 "vip": {"enabled": true, "minTotalSpent": 50000, "withinDays": 365}}"""));
        assertThat(hub.path("fields")).isEqualTo(Json.MAPPER.readTree("""
                [{"name": "deliveryDay", "type": "choice", "choices": ["monday", "tuesday", "friday"], "required": false},
                 {"name": "covers", "type": "number", "required": false}]"""));
        assertThat(hub.path("name").asText()).as("untouched by the patch").isEqualTo("Rules Hub");
        JsonNode read = readHub(hubKey);
        assertThat(read.path("statusRules")).isEqualTo(hub.path("statusRules"));
        assertThat(read.path("fields")).isEqualTo(hub.path("fields"));

        APIGatewayV2HTTPResponse merged = patchHub(hubKey,
                "{\"statusRules\": {\"vip\": {\"withinDays\": null, \"minOrderCount\": 5}, \"leadToCustomer\": {\"enabled\": false}}}");

        assertThat(merged.getStatusCode()).as(merged.getBody()).isEqualTo(200);
        assertThat(json(merged).path("statusRules")).as("a merge patch: null removes, the rest stays")
                .isEqualTo(Json.MAPPER.readTree("""
                        {"leadToCustomer": {"enabled": false},
                         "vip": {"enabled": true, "minTotalSpent": 50000, "minOrderCount": 5}}"""));
        assertThat(json(merged).path("fields")).as("not in the patch").isEqualTo(hub.path("fields"));
        assertThat(readHub(hubKey).path("statusRules")).isEqualTo(json(merged).path("statusRules"));
    }

    @Test
    void invalidStatusRulesOrFieldsAre422NamingThePathAndChangeNothing() throws Exception {
        String hubKey = app.hubs().create(new NewHub("Strict Hub", "EUR", null)).key().secret();
        JsonNode before = readHub(hubKey);

        APIGatewayV2HTTPResponse noThreshold = patchHub(hubKey, "{\"statusRules\": {\"vip\": {\"enabled\": true}}}");
        APIGatewayV2HTTPResponse badThreshold = patchHub(hubKey,
                "{\"statusRules\": {\"vip\": {\"enabled\": true, \"minTotalSpent\": 0, \"colour\": \"gold\"}}}");
        APIGatewayV2HTTPResponse badType = patchHub(hubKey, "{\"fields\": [{\"name\": \"size\", \"type\": \"colour\"}]}");
        APIGatewayV2HTTPResponse badFields = patchHub(hubKey, """
                {"fields": [{"name": "size", "type": "text"}, {"name": "1st", "type": "text"},
                            {"name": "size", "type": "choice"}]}""");

        assertThat(errorFields(noThreshold)).containsExactly("statusRules.vip");
        assertThat(errorFields(badThreshold)).containsExactlyInAnyOrder("statusRules.vip.minTotalSpent", "statusRules.vip.colour");
        assertThat(errorFields(badType)).containsExactly("fields[0].type");
        assertThat(errorFields(badFields)).containsExactlyInAnyOrder("fields[1].name", "fields[2].name", "fields[2].choices");
        JsonNode after = readHub(hubKey);
        assertThat(after.path("statusRules")).isEqualTo(before.path("statusRules"));
        assertThat(after.path("fields")).isEqualTo(before.path("fields"));
        assertThat(after.path("updatedAt")).isEqualTo(before.path("updatedAt"));
    }

    /** A hub-admin route called with {@code hubKey}: the GET /v1/hub sample with another route key, path and body. */
    private static APIGatewayV2HTTPEvent hubRoute(String method, String path, String routePath, String hubKey, String body) {
        APIGatewayV2HTTPEvent event = Events.load("http/get-hub.json", Map.of("hubKey", hubKey));
        event.setRouteKey(method + " " + routePath);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        event.getRequestContext().getHttp().setPath(path);
        if (routePath.endsWith("{id}")) {
            event.setPathParameters(Map.of("id", path.substring(path.lastIndexOf('/') + 1)));
        }
        return body == null ? event : Events.withHeader(Events.withBody(event, body), "content-type", "application/json");
    }

    @Test
    void aRevokedKeyStopsAtOnceOnKeyAndSettingsRoutesOfAWarmInstance() {
        AppContext cachingApp = AppContext.local(dynamoDb.endpoint(), app.table(), ApiKeys.sha256(OPERATOR_KEY),
                Clock.systemUTC(), AppContext.KEY_CACHE);
        HubsAdminHandler warm = new HubsAdminHandler(cachingApp);
        InvocationContext context = new InvocationContext("hubs-admin", 512);
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Revoking Hub", "EUR", null));
        String leaked = hub.key().secret();
        String kept = app.hubs().createKey(hub.hub().id(), "kept").secret();
        assertThat(warm.handleRequest(hubRoute("GET", "/v1/hub", "/v1/hub", leaked, null), context).getStatusCode()).isEqualTo(200);

        String leakedPath = "/v1/hub/api-keys/" + hub.key().key().id();
        APIGatewayV2HTTPResponse revoked = warm.handleRequest(
                hubRoute("DELETE", leakedPath, "/v1/hub/api-keys/{id}", kept, null), context);
        assertThat(revoked.getStatusCode()).as(revoked.getBody()).isEqualTo(204);

        // within the 30 s the instance remembers a verified key for
        List<APIGatewayV2HTTPEvent> withTheRevokedKey = List.of(
                hubRoute("GET", "/v1/hub", "/v1/hub", leaked, null),
                hubRoute("PATCH", "/v1/hub", "/v1/hub", leaked, "{\"name\": \"Taken over\"}"),
                hubRoute("GET", "/v1/hub/api-keys", "/v1/hub/api-keys", leaked, null),
                hubRoute("POST", "/v1/hub/api-keys", "/v1/hub/api-keys", leaked, "{\"name\": \"minted\"}"),
                hubRoute("GET", leakedPath, "/v1/hub/api-keys/{id}", leaked, null),
                hubRoute("DELETE", "/v1/hub/api-keys/" + cachingApp.hubs().listKeys(hub.hub().id(), EVERY_KEY).items().stream()
                        .filter(key -> key.active()).findFirst().orElseThrow().id(), "/v1/hub/api-keys/{id}", leaked, null));
        for (APIGatewayV2HTTPEvent event : withTheRevokedKey) {
            assertUnauthorized(warm.handleRequest(event, context), event.getRawPath());
        }
        assertThat(app.hubs().listKeys(hub.hub().id(), EVERY_KEY).items()).as("nothing minted, nothing revoked").hasSize(2)
                .filteredOn(ApiKey::active).hasSize(1);
        assertThat(app.hubs().get(hub.hub().id()).name()).isEqualTo("Revoking Hub");
    }

    private static List<String> errorFields(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(422);
        assertThat(header(response, "Content-Type")).isEqualTo(PROBLEM_JSON);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:hubcrm:problem:validation-error");
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(error -> error.path("field").asText()).toList();
    }

    private static void assertUnauthorized(APIGatewayV2HTTPResponse response, String path) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(401);
        assertThat(header(response, "Content-Type")).isEqualTo(PROBLEM_JSON);
        assertThat(header(response, "WWW-Authenticate")).isEqualTo("Bearer");
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:hubcrm:problem:unauthorized");
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("instance").asText()).isEqualTo(path);
        assertThat(problem.has("apiKey")).isFalse();
    }
}
