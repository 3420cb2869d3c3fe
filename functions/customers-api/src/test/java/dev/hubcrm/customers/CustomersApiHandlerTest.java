package dev.hubcrm.customers;

import static dev.hubcrm.testkit.lambda.Responses.JSON;
import static dev.hubcrm.testkit.lambda.Responses.PROBLEM_JSON;
import static dev.hubcrm.testkit.lambda.Responses.header;
import static dev.hubcrm.testkit.lambda.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the sample HTTP API events of {@code events/http/} through the real customers-api
 * handler, wired to DynamoDB Local running in this JVM. Every test works in a hub of its own.
 */
class CustomersApiHandlerTest {
    private static final String MARIE_EMAIL = "Marie.Dupont@Example.COM";

    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static CustomersApiHandler handler;

    private String hubKey;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()),
                Clock.systemUTC(), Duration.ZERO);
        handler = new CustomersApiHandler(app);
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

    @BeforeEach
    void newHub() {
        hubKey = newHubKey();
    }

    /** A hub as the operator creates it (hubs-admin's job, done here through the service). */
    private static String newHubKey() {
        return app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).key().secret();
    }

    private static APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new InvocationContext("customers-api", 1024));
    }

    private APIGatewayV2HTTPResponse send(String file) {
        return invoke(Events.load(file, Map.of("hubKey", hubKey)));
    }

    private APIGatewayV2HTTPResponse send(String file, String customerId) {
        return invoke(Events.load(file, Map.of("hubKey", hubKey, "customerId", customerId)));
    }

    private APIGatewayV2HTTPResponse patch(String customerId, String ifMatch) {
        return invoke(Events.load("http/patch-customer.json",
                Map.of("hubKey", hubKey, "customerId", customerId, "ifMatch", ifMatch)));
    }

    /** create-customer.json with another body, for a hub that needs several customers. */
    private String createWithBody(String body) {
        APIGatewayV2HTTPResponse response = invoke(Events.withBody(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)), body));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        return json(response).path("id").asText();
    }

    private String createMarie() {
        APIGatewayV2HTTPResponse created = send("http/create-customer.json");
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        return json(created).path("id").asText();
    }

    @Test
    void createsACustomerNormalised() {
        APIGatewayV2HTTPResponse response = send("http/create-customer.json");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        assertThat(header(response, "ETag")).isEqualTo("\"1\"");
        JsonNode customer = json(response);
        String id = customer.path("id").asText();
        assertThat(id).matches("cus_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(header(response, "Location")).isEqualTo("/v1/customers/" + id);
        assertThat(customer.path("type").asText()).isEqualTo("person");
        assertThat(customer.path("email").asText()).as("trimmed, case kept for display").isEqualTo(MARIE_EMAIL);
        assertThat(customer.path("firstName").asText()).isEqualTo("Marie");
        assertThat(customer.path("lastName").asText()).isEqualTo("Dupont");
        assertThat(texts(customer.path("tags"))).as("lower case, single slashes, no duplicates")
                .containsExactly("wholesale/restaurants", "vip");
        assertThat(customer.path("fields").path("deliveryDay").asText()).isEqualTo("tuesday");
        assertThat(customer.path("fields").path("covers").asInt()).isEqualTo(40);
        assertThat(customer.path("marketingConsent").asBoolean()).isTrue();
        assertThat(customer.path("status").asText()).isEqualTo("lead");
        assertThat(customer.path("statusPinned").asBoolean()).isFalse();
        assertThat(customer.path("orderCount").asLong()).isZero();
        assertThat(customer.path("totalSpent").asLong()).isZero();
        assertThat(customer.path("createdAt").asText()).isNotBlank().isEqualTo(customer.path("updatedAt").asText());
    }

    @Test
    void getsACustomerWithItsETag() {
        APIGatewayV2HTTPResponse created = send("http/create-customer.json");
        String id = json(created).path("id").asText();

        APIGatewayV2HTTPResponse response = send("http/get-customer.json", id);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        assertThat(header(response, "ETag")).isEqualTo("\"1\"");
        assertThat(json(response)).isEqualTo(json(created));
    }

    @Test
    void mergePatchHonoursIfMatch() {
        String id = createMarie();

        APIGatewayV2HTTPResponse patched = patch(id, "\"1\"");

        assertThat(patched.getStatusCode()).as(patched.getBody()).isEqualTo(200);
        assertThat(header(patched, "Content-Type")).isEqualTo(JSON);
        assertThat(header(patched, "ETag")).isEqualTo("\"2\"");
        JsonNode customer = json(patched);
        assertThat(customer.path("id").asText()).isEqualTo(id);
        assertThat(customer.has("lastName")).as("null in a merge patch removes the member").isFalse();
        assertThat(customer.path("companyName").asText()).isEqualTo("Bistrot du Marché");
        assertThat(texts(customer.path("tags"))).containsExactly("wholesale/restaurants", "organic");
        assertThat(customer.path("fields").path("covers").asInt()).isEqualTo(55);
        assertThat(customer.path("fields").path("deliveryDay").asText()).as("members not in the patch stay").isEqualTo("tuesday");
        assertThat(customer.path("email").asText()).isEqualTo(MARIE_EMAIL);
        assertThat(customer.path("firstName").asText()).isEqualTo("Marie");

        APIGatewayV2HTTPResponse stale = patch(id, "\"1\"");

        assertThat(stale.getStatusCode()).as(stale.getBody()).isEqualTo(412);
        assertProblem(stale, 412, "urn:hubcrm:problem:precondition-failed");
        APIGatewayV2HTTPResponse current = send("http/get-customer.json", id);
        assertThat(header(current, "ETag")).as("the stale patch changed nothing").isEqualTo("\"2\"");
        assertThat(json(current)).isEqualTo(customer);
    }

    @Test
    void listsATagSubtreePageByPage() {
        String marie = createMarie(); // wholesale/restaurants, vip
        String jardins = json(send("http/create-customer-base64.json")).path("id").asText(); // wholesale/shops
        String halles = createWithBody("""
                {"type": "company", "companyName": "Halles Centrales", "email": "achats@halles.example",
                 "tags": ["wholesale", "wholesale/cafes"]}""");
        createWithBody("""
                {"firstName": "Paul", "email": "paul@retail.example", "tags": ["retail"]}""");
        createWithBody("""
                {"firstName": "Zoé", "email": "zoe@wholesaler.example", "tags": ["wholesaler"]}""");

        APIGatewayV2HTTPResponse first = send("http/list-customers-by-tag.json");

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        assertThat(header(first, "Content-Type")).isEqualTo(JSON);
        JsonNode firstPage = json(first);
        assertThat(firstPage.path("items")).hasSize(2);
        String cursor = firstPage.path("nextCursor").asText(null);
        assertThat(cursor).isNotBlank();

        APIGatewayV2HTTPResponse second = invoke(Events.load("http/list-customers-by-tag-next-page.json",
                Map.of("hubKey", hubKey, "cursor", cursor)));

        assertThat(second.getStatusCode()).as(second.getBody()).isEqualTo(200);
        JsonNode secondPage = json(second);
        assertThat(secondPage.path("items")).hasSize(1);
        assertThat(secondPage.has("nextCursor") && !secondPage.path("nextCursor").isNull())
                .as("the last page has no nextCursor").isFalse();
        List<String> ids = new ArrayList<>(ids(firstPage));
        ids.addAll(ids(secondPage));
        assertThat(ids).as("each customer of the subtree once; not retail, not wholesaler")
                .containsExactlyInAnyOrder(marie, jardins, halles);
        StreamSupport.stream(firstPage.path("items").spliterator(), false).forEach(item ->
                assertThat(texts(item.path("tags"))).anyMatch(tag -> tag.equals("wholesale") || tag.startsWith("wholesale/")));
    }

    @Test
    void deleteAnswers204AndTheCustomerIsGone() {
        String id = createMarie();

        APIGatewayV2HTTPResponse deleted = send("http/delete-customer.json", id);

        assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(204);
        assertThat(deleted.getBody()).isNullOrEmpty();
        APIGatewayV2HTTPResponse read = send("http/get-customer.json", id);
        assertThat(read.getStatusCode()).isEqualTo(404);
        assertProblem(read, 404, "urn:hubcrm:problem:not-found");
        assertThat(json(send("http/list-customers.json")).path("items")).isEmpty();
        assertThat(send("http/create-customer.json").getStatusCode())
                .as("the email is free again").isEqualTo(201);
    }

    @Test
    void aMalformedBodyIs400AndWritesNothing() {
        createMarie();
        JsonNode before = json(send("http/list-customers.json"));

        APIGatewayV2HTTPResponse response = send("http/create-customer-malformed.json");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        JsonNode problem = assertProblem(response, 400, "urn:hubcrm:problem:malformed-request");
        assertThat(problem.path("instance").asText()).isEqualTo("/v1/customers");
        JsonNode after = json(send("http/list-customers.json"));
        assertThat(after).isEqualTo(before);
        assertThat(after.path("items")).hasSize(1);
        assertThat(after.toString()).doesNotContain("paul@example.org");
    }

    @Test
    void aBase64EncodedBodyIsDecoded() {
        APIGatewayV2HTTPEvent event = Events.load("http/create-customer-base64.json", Map.of("hubKey", hubKey));
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(event.getBody()).doesNotContain("Jardins");

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        JsonNode customer = json(response);
        assertThat(customer.path("type").asText()).isEqualTo("company");
        assertThat(customer.path("companyName").asText()).isEqualTo("Les Jardins de Lucie");
        assertThat(customer.path("email").asText()).isEqualTo("commandes@jardins-lucie.example");
        assertThat(texts(customer.path("tags"))).containsExactly("wholesale/shops");
        assertThat(customer.path("marketingConsent").asBoolean()).isFalse();
        APIGatewayV2HTTPResponse read = send("http/get-customer.json", customer.path("id").asText());
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(json(read).path("companyName").asText()).isEqualTo("Les Jardins de Lucie");
    }

    @Test
    void withoutAuthorizationNothingIsCreated() {
        APIGatewayV2HTTPEvent event = Events.withoutHeader(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)), "authorization");

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(401);
        assertProblem(response, 401, "urn:hubcrm:problem:unauthorized");
        assertThat(header(response, "WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(json(send("http/list-customers.json")).path("items")).isEmpty();
    }

    @Test
    void aRevokedOrForgedKeyIsUnauthorized() {
        APIGatewayV2HTTPResponse response = invoke(Events.load("http/list-customers.json",
                Map.of("hubKey", hubKey.substring(0, hubKey.length() - 2) + "xx")));

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertProblem(response, 401, "urn:hubcrm:problem:unauthorized");
        assertThat(header(response, "WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void anotherHubsKeyFindsNothingAndLeaksNothing() {
        String id = createMarie();
        String otherHubKey = newHubKey();
        Map<String, String> asOtherHub = Map.of("hubKey", otherHubKey, "customerId", id, "ifMatch", "\"1\"");

        APIGatewayV2HTTPResponse read = invoke(Events.load("http/get-customer.json", asOtherHub));
        APIGatewayV2HTTPResponse patched = invoke(Events.load("http/patch-customer.json", asOtherHub));
        APIGatewayV2HTTPResponse deleted = invoke(Events.load("http/delete-customer.json", asOtherHub));
        APIGatewayV2HTTPResponse listed = invoke(Events.load("http/list-customers.json", asOtherHub));

        for (APIGatewayV2HTTPResponse response : List.of(read, patched, deleted)) {
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(404);
            assertProblem(response, 404, "urn:hubcrm:problem:not-found");
            assertThat(response.getBody().toLowerCase(Locale.ROOT))
                    .doesNotContain(MARIE_EMAIL.toLowerCase(Locale.ROOT), "marie", "dupont");
            assertThat(header(response, "ETag")).isNull();
        }
        assertThat(listed.getStatusCode()).isEqualTo(200);
        assertThat(json(listed).path("items")).isEmpty();
        APIGatewayV2HTTPResponse own = send("http/get-customer.json", id);
        assertThat(own.getStatusCode()).isEqualTo(200);
        assertThat(header(own, "ETag")).as("untouched by the other hub").isEqualTo("\"1\"");
    }

    @Test
    void aDuplicateEmailIsAConflictWhateverItsCase() {
        createMarie();

        APIGatewayV2HTTPResponse response = invoke(Events.withBody(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)),
                "{\"firstName\": \"Marie\", \"email\": \"marie.dupont@example.com\"}"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(409);
        assertProblem(response, 409, "urn:hubcrm:problem:conflict");
        assertThat(json(send("http/list-customers.json")).path("items")).hasSize(1);
    }

    @Test
    void anInvalidCustomerIsA422NamingEachField() {
        APIGatewayV2HTTPResponse response = invoke(Events.withBody(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)),
                "{\"email\": \"not-an-email\", \"tags\": [\"ok\", \"bad//tag\"], \"fristName\": \"Typo\"}"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(422);
        JsonNode problem = assertProblem(response, 422, "urn:hubcrm:problem:validation-error");
        List<String> fields = StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(error -> error.path("field").asText()).toList();
        assertThat(fields).contains("fristName");
        assertThat(json(send("http/list-customers.json")).path("items")).isEmpty();
    }

    @Test
    void aStaleIfMatchOnDeleteIs412AndKeepsTheCustomer() {
        String id = createMarie();
        assertThat(patch(id, "\"1\"").getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse response = invoke(Events.withHeader(
                Events.load("http/delete-customer.json", Map.of("hubKey", hubKey, "customerId", id)), "if-match", "\"1\""));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(412);
        assertProblem(response, 412, "urn:hubcrm:problem:precondition-failed");
        assertThat(send("http/get-customer.json", id).getStatusCode()).isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyReplaysTheCreateInsteadOfCreatingTwice() {
        String key = "order-form-" + UUID.randomUUID();
        APIGatewayV2HTTPResponse first = invoke(Events.withHeader(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)), "idempotency-key", key));
        APIGatewayV2HTTPResponse again = invoke(Events.withHeader(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)), "idempotency-key", key));

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(201);
        assertThat(json(again).path("id").asText()).isEqualTo(json(first).path("id").asText());
        assertThat(header(again, "Location")).isEqualTo(header(first, "Location"));
        assertThat(json(send("http/list-customers.json")).path("items")).hasSize(1);

        APIGatewayV2HTTPResponse reused = invoke(Events.withHeader(Events.withBody(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)),
                "{\"firstName\": \"Other\", \"email\": \"other@example.org\"}"), "idempotency-key", key));

        assertThat(reused.getStatusCode()).as(reused.getBody()).isEqualTo(422);
        assertThat(header(reused, "Content-Type")).isEqualTo(PROBLEM_JSON);
        assertThat(json(send("http/list-customers.json")).path("items")).hasSize(1);
    }

    @Test
    void aBodyOverOneMegabyteIs413() {
        String big = "{\"firstName\": \"" + "a".repeat(1024 * 1024) + "\", \"email\": \"big@example.org\"}";

        APIGatewayV2HTTPResponse response = invoke(Events.withBody(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)), big));

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertProblem(response, 413, "urn:hubcrm:problem:payload-too-large");
    }

    @Test
    void aBodyThatIsNotJsonByItsTypeIs415() {
        APIGatewayV2HTTPResponse response = invoke(Events.withHeader(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)), "content-type", "text/plain"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(415);
        assertProblem(response, 415, "urn:hubcrm:problem:unsupported-media-type");
        assertThat(json(send("http/list-customers.json")).path("items")).isEmpty();
    }

    private APIGatewayV2HTTPResponse recordOrder(String customerId) {
        return send("http/record-order.json", customerId);
    }

    private APIGatewayV2HTTPResponse recordOrder(String customerId, String body) {
        return invoke(Events.withBody(Events.load("http/record-order.json",
                Map.of("hubKey", hubKey, "customerId", customerId)), body));
    }

    /** patch-customer.json with another body and no If-Match: the patch applies to the current version. */
    private APIGatewayV2HTTPResponse patchBody(String customerId, String body) {
        return invoke(Events.withBody(Events.withoutHeader(Events.load("http/patch-customer.json",
                Map.of("hubKey", hubKey, "customerId", customerId, "ifMatch", "unused")), "if-match"), body));
    }

    private JsonNode read(String customerId) {
        APIGatewayV2HTTPResponse response = send("http/get-customer.json", customerId);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return json(response);
    }

    @Test
    void anOrderCountsOnceAndMakesTheLeadACustomer() {
        String id = createMarie();

        APIGatewayV2HTTPResponse first = recordOrder(id);

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        assertThat(header(first, "Content-Type")).isEqualTo(JSON);
        assertThat(header(first, "Idempotent-Replayed")).isNull();
        JsonNode recorded = json(first);
        assertThat(recorded.path("customerId").asText()).isEqualTo(id);
        assertThat(recorded.path("orderRef").asText()).isEqualTo("SO-2025-00042");
        assertThat(recorded.path("total").asLong()).isEqualTo(4250);
        assertThat(recorded.path("placedAt").asText()).as("the +01:00 offset, in UTC").isEqualTo("2025-03-14T08:20:00Z");
        assertThat(recorded.path("recordedAt").asText()).isNotBlank();
        JsonNode customer = recorded.path("customer");
        assertThat(customer.path("id").asText()).isEqualTo(id);
        assertThat(customer.path("orderCount").asLong()).isEqualTo(1);
        assertThat(customer.path("totalSpent").asLong()).isEqualTo(4250);
        assertThat(customer.path("firstOrderAt").asText()).isEqualTo("2025-03-14T08:20:00Z");
        assertThat(customer.path("lastOrderAt").asText()).isEqualTo("2025-03-14T08:20:00Z");
        assertThat(customer.path("status").asText()).as("the default leadToCustomer rule").isEqualTo("customer");
        assertThat(customer.path("statusPinned").asBoolean()).isFalse();

        APIGatewayV2HTTPResponse again = recordOrder(id);

        assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(200);
        assertThat(header(again, "Content-Type")).isEqualTo(JSON);
        JsonNode replayed = json(again);
        for (String member : List.of("customerId", "orderRef", "total", "placedAt", "recordedAt")) {
            assertThat(replayed.path(member)).as("the same order: %s", member).isEqualTo(recorded.path(member));
        }
        assertThat(replayed.path("customer").path("orderCount").asLong()).as("counted once").isEqualTo(1);
        assertThat(replayed.path("customer").path("totalSpent").asLong()).isEqualTo(4250);
        assertThat(replayed.path("customer").path("status").asText()).isEqualTo("customer");
        JsonNode stored = read(id);
        assertThat(stored.path("orderCount").asLong()).isEqualTo(1);
        assertThat(stored.path("totalSpent").asLong()).isEqualTo(4250);
        assertThat(stored.path("status").asText()).isEqualTo("customer");
        assertThat(stored).isEqualTo(replayed.path("customer"));
    }

    @Test
    void theSameOrderRefWithAnotherTotalIsAConflictNamingOrderRef() {
        String id = createMarie();
        assertThat(recordOrder(id).getStatusCode()).isEqualTo(201);

        APIGatewayV2HTTPResponse response = recordOrder(id,
                "{\"orderRef\": \"SO-2025-00042\", \"total\": 9999, \"placedAt\": \"2025-03-14T09:20:00+01:00\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(409);
        JsonNode problem = assertProblem(response, 409, "urn:hubcrm:problem:conflict");
        assertThat(fieldsOf(problem)).containsExactly("orderRef");
        JsonNode customer = read(id);
        assertThat(customer.path("orderCount").asLong()).as("nothing counted").isEqualTo(1);
        assertThat(customer.path("totalSpent").asLong()).isEqualTo(4250);
    }

    @Test
    void anIdempotencyKeyReplaysTheRecordedOrder() {
        String id = createMarie();
        String key = "checkout-" + UUID.randomUUID();

        APIGatewayV2HTTPResponse first = invoke(Events.withHeader(Events.load("http/record-order.json",
                Map.of("hubKey", hubKey, "customerId", id)), "idempotency-key", key));
        APIGatewayV2HTTPResponse again = invoke(Events.withHeader(Events.load("http/record-order.json",
                Map.of("hubKey", hubKey, "customerId", id)), "idempotency-key", key));

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        assertThat(again.getStatusCode()).as("the stored answer, status included").isEqualTo(201);
        assertThat(header(again, "Idempotent-Replayed")).isEqualTo("true");
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(read(id).path("orderCount").asLong()).isEqualTo(1);
    }

    @Test
    void anInvalidOrderIs422NamingEachFieldAndCountsNothing() {
        String id = createMarie();

        APIGatewayV2HTTPResponse response = recordOrder(id,
                "{\"orderRef\": \" bad ref\", \"total\": -1, \"placedAt\": \"2999-01-01T00:00:00Z\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(422);
        JsonNode problem = assertProblem(response, 422, "urn:hubcrm:problem:validation-error");
        assertThat(fieldsOf(problem)).containsExactlyInAnyOrder("orderRef", "total", "placedAt");
        JsonNode customer = read(id);
        assertThat(customer.path("orderCount").asLong()).isZero();
        assertThat(customer.path("status").asText()).isEqualTo("lead");
    }

    /**
     * Fails at the time of writing: {@code CustomerJson.order} parses {@code placedAt} and throws at
     * once, before {@code input.validate()}, so the other bad fields of the body go unreported.
     */
    @Test
    void anUnparsablePlacedAtStillNamesTheOtherBadFields() {
        String id = createMarie();

        APIGatewayV2HTTPResponse response = recordOrder(id,
                "{\"orderRef\": \"SO-1\", \"total\": \"12.50\", \"placedAt\": \"yesterday\", \"currency\": \"EUR\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(422);
        JsonNode problem = assertProblem(response, 422, "urn:hubcrm:problem:validation-error");
        assertThat(fieldsOf(problem)).containsExactlyInAnyOrder("total", "placedAt", "currency");
    }

    /**
     * Fails at the time of writing: only a placedAt in the future is refused, so an expanded year
     * such as -10000 is counted and then answered as {@code "-10000-01-01T00:00:00Z"}, which is not
     * an RFC 3339 date-time (the OpenAPI {@code format} of placedAt, firstOrderAt and lastOrderAt).
     */
    @Test
    void anOrderPlacedBeforeTheCommonEraIsRefused() {
        String id = createMarie();

        APIGatewayV2HTTPResponse response = recordOrder(id,
                "{\"orderRef\": \"SO-1\", \"total\": 100, \"placedAt\": \"-10000-01-01T00:00:00Z\"}");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(422);
        assertThat(fieldsOf(json(response))).containsExactly("placedAt");
        assertThat(read(id).path("orderCount").asLong()).isZero();
    }

    @Test
    void anOrderForAnUnknownOrAnotherHubsCustomerIsNotFound() {
        String id = createMarie();
        String otherHubKey = newHubKey();

        APIGatewayV2HTTPResponse unknown = recordOrder("cus_01JPAZ7XQ0V8M1D3Y5K2N4R6T8");
        APIGatewayV2HTTPResponse otherHub = invoke(Events.load("http/record-order.json",
                Map.of("hubKey", otherHubKey, "customerId", id)));

        for (APIGatewayV2HTTPResponse response : List.of(unknown, otherHub)) {
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(404);
            assertProblem(response, 404, "urn:hubcrm:problem:not-found");
        }
        assertThat(read(id).path("orderCount").asLong()).isZero();
    }

    @Test
    void bulkAddsATagToTwoCustomersAndNamesAnUnknownId() {
        String marie = createMarie(); // tags wholesale/restaurants, vip
        String paul = createWithBody("""
                {"firstName": "Paul", "email": "paul@retail.example", "tags": ["retail"]}""");

        APIGatewayV2HTTPResponse response = invoke(Events.load("http/bulk-customers.json",
                Map.of("hubKey", hubKey, "customerId", marie, "otherCustomerId", paul)));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(JSON);
        JsonNode body = json(response);
        JsonNode results = body.path("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).path("id").asText()).isEqualTo(marie);
        assertThat(results.get(0).path("outcome").asText()).isEqualTo("updated");
        assertThat(results.get(1).path("id").asText()).isEqualTo(paul);
        assertThat(results.get(1).path("outcome").asText()).isEqualTo("updated");
        assertThat(results.get(2).path("id").asText()).isEqualTo("cus_01JPAZ7XQ0V8M1D3Y5K2N4R6T8");
        assertThat(results.get(2).path("outcome").asText()).isEqualTo("not_found");
        assertThat(body.path("updated").asInt()).isEqualTo(2);
        assertThat(body.path("notFound").asInt()).isEqualTo(1);
        assertThat(body.path("invalid").asInt()).isZero();
        assertThat(body.path("conflict").asInt()).isZero();
        assertThat(texts(read(marie).path("tags"))).as("normalised, added; vip removed")
                .containsExactly("wholesale/restaurants", "newsletter/spring 2025");
        assertThat(texts(read(paul).path("tags"))).containsExactly("retail", "newsletter/spring 2025");
        assertThat(read(marie).path("statusPinned").asBoolean()).as("no status in the change").isFalse();
    }

    @Test
    void aBulkStatusPinsIt() {
        String marie = createMarie();

        APIGatewayV2HTTPResponse response = invoke(Events.withBody(Events.load("http/bulk-customers.json",
                Map.of("hubKey", hubKey, "customerId", marie, "otherCustomerId", marie)),
                "{\"ids\": [\"" + marie + "\", \"" + marie + "\"], \"status\": \"vip\"}"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(json(response).path("results")).as("a repeated id is applied and reported once").hasSize(1);
        assertThat(json(response).path("updated").asInt()).isEqualTo(1);
        JsonNode customer = read(marie);
        assertThat(customer.path("status").asText()).isEqualTo("vip");
        assertThat(customer.path("statusPinned").asBoolean()).isTrue();
    }

    @Test
    void aBulkChangeWithoutIdsOrActionIs422() {
        String marie = createMarie();
        APIGatewayV2HTTPEvent event = Events.load("http/bulk-customers.json",
                Map.of("hubKey", hubKey, "customerId", marie, "otherCustomerId", marie));

        APIGatewayV2HTTPResponse noIds = invoke(Events.withBody(event, "{\"ids\": [], \"addTags\": [\"x\"]}"));
        APIGatewayV2HTTPResponse noAction = invoke(Events.withBody(event, "{\"ids\": [\"" + marie + "\"]}"));
        APIGatewayV2HTTPResponse badTag = invoke(Events.withBody(event,
                "{\"ids\": [\"" + marie + "\"], \"addTags\": [\"ok\", \"bad//tag\"]}"));

        assertThat(fieldsOf(assertProblem(noIds, 422, "urn:hubcrm:problem:validation-error"))).contains("ids");
        assertThat(fieldsOf(assertProblem(noAction, 422, "urn:hubcrm:problem:validation-error"))).isNotEmpty();
        assertThat(fieldsOf(assertProblem(badTag, 422, "urn:hubcrm:problem:validation-error"))).containsExactly("addTags[1]");
        assertThat(texts(read(marie).path("tags"))).as("nothing applied").containsExactly("wholesale/restaurants", "vip");
    }

    @Test
    void settingTheStatusByHandPinsItAndUnpinningHandsItBackToTheRules() {
        String id = createMarie();

        APIGatewayV2HTTPResponse vip = patchBody(id, "{\"status\": \"vip\"}");

        assertThat(vip.getStatusCode()).as(vip.getBody()).isEqualTo(200);
        assertThat(json(vip).path("status").asText()).isEqualTo("vip");
        assertThat(json(vip).path("statusPinned").asBoolean()).isTrue();
        assertThat(read(id).path("statusPinned").asBoolean()).isTrue();

        APIGatewayV2HTTPResponse lead = patchBody(id, "{\"status\": \"lead\"}");
        assertThat(json(lead).path("status").asText()).isEqualTo("lead");
        assertThat(json(lead).path("statusPinned").asBoolean()).isTrue();
        JsonNode ordered = json(recordOrder(id)).path("customer");
        assertThat(ordered.path("orderCount").asLong()).isEqualTo(1);
        assertThat(ordered.path("status").asText()).as("a pinned status does not follow the rules").isEqualTo("lead");

        APIGatewayV2HTTPResponse unpinned = patchBody(id, "{\"statusPinned\": false}");

        assertThat(unpinned.getStatusCode()).as(unpinned.getBody()).isEqualTo(200);
        assertThat(json(unpinned).path("statusPinned").asBoolean()).isFalse();
        assertThat(json(unpinned).path("status").asText()).as("the rules apply at once: it has an order")
                .isEqualTo("customer");
        assertThat(read(id).path("status").asText()).isEqualTo("customer");
    }

    @Test
    void aStatusGivenAtCreationIsPinned() {
        APIGatewayV2HTTPResponse response = invoke(Events.withBody(
                Events.load("http/create-customer.json", Map.of("hubKey", hubKey)),
                "{\"firstName\": \"Zoé\", \"email\": \"zoe@example.org\", \"status\": \"customer\"}"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        assertThat(json(response).path("status").asText()).isEqualTo("customer");
        assertThat(json(response).path("statusPinned").asBoolean()).isTrue();
    }

    private static JsonNode assertProblem(APIGatewayV2HTTPResponse response, int status, String type) {
        assertThat(header(response, "Content-Type")).isEqualTo(PROBLEM_JSON);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo(type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    private static List<String> fieldsOf(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(error -> error.path("field").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("expected an array: " + array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).map(item -> item.path("id").asText()).toList();
    }
}
