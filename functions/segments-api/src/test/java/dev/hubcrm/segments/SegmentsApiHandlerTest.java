package dev.hubcrm.segments;

import static dev.hubcrm.testkit.lambda.Responses.JSON;
import static dev.hubcrm.testkit.lambda.Responses.PROBLEM_JSON;
import static dev.hubcrm.testkit.lambda.Responses.header;
import static dev.hubcrm.testkit.lambda.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the segment samples of {@code events/http/} through the real segments-api handler on
 * DynamoDB Local. Membership is the segment evaluator's job (its own function): where a test needs
 * members, it runs the evaluator's service for each customer, as the table stream would.
 */
class SegmentsApiHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static SegmentsApiHandler handler;

    private String hubId;
    private String hubKey;
    private Customer ann;
    private Customer bob;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO);
        handler = new SegmentsApiHandler(app);
    }

    @AfterAll
    static void stopDynamoDb() {
        app.dynamo().close();
        dynamoDb.close();
    }

    /** A hub with two restaurants (Ann consented to marketing, Bob did not) and a shop the samples' rules leave out. */
    @BeforeEach
    void hubWithCustomers() {
        var created = app.hubs().create(new NewHub("Ferme " + UUID.randomUUID(), "EUR", "Europe/Paris"));
        hubId = created.hub().id();
        hubKey = created.key().secret();
        ann = customer("ann@example.com", "Ann", "wholesale/restaurants", true);
        bob = customer("bob@example.com", "Bob", "wholesale/restaurants/bistros", false);
        customer("cleo@example.com", "Cleo", "retail", true);
    }

    private Customer customer(String email, String firstName, String tag, boolean consent) {
        return app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, email, null, firstName, null, null,
                List.of(tag), Map.of(), consent, null, false));
    }

    private APIGatewayV2HTTPResponse send(String file, String... placeholders) {
        Map<String, String> values = new HashMap<>(Map.of("hubKey", hubKey));
        for (int i = 0; i < placeholders.length; i += 2) {
            values.put(placeholders[i], placeholders[i + 1]);
        }
        return handler.handleRequest(Events.load("http/" + file, values), new InvocationContext("segments-api", 1024));
    }

    private static List<String> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("id").asText()).toList();
    }

    @Test
    void aSegmentIsCreatedListedReadRenamedAndDeleted() {
        APIGatewayV2HTTPResponse created = send("create-segment.json");
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        assertThat(header(created, "Content-Type")).isEqualTo(JSON);
        JsonNode segment = json(created);
        String id = segment.get("id").asText();
        assertThat(header(created, "Location")).isEqualTo("/v1/segments/" + id);
        assertThat(segment.get("name").asText()).isEqualTo("Restaurants to win back");
        assertThat(segment.get("status").asText()).isEqualTo("building");

        assertThat(ids(json(send("list-segments.json")).get("items"))).containsExactly(id);
        APIGatewayV2HTTPResponse read = send("get-segment.json", "segmentId", id);
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(json(read).get("rule")).isEqualTo(segment.get("rule"));

        APIGatewayV2HTTPResponse patched = send("patch-segment.json", "segmentId", id);
        assertThat(patched.getStatusCode()).as(patched.getBody()).isEqualTo(200);
        assertThat(json(patched).get("name").asText()).isEqualTo("Wholesale restaurants");
        assertThat(json(patched).get("rule").get("op").asText()).as("the rule is replaced whole").isEqualTo("prefix");
        assertThat(json(send("get-segment.json", "segmentId", id)).get("name").asText()).isEqualTo("Wholesale restaurants");

        APIGatewayV2HTTPResponse deleted = send("delete-segment.json", "segmentId", id);
        assertThat(deleted.getStatusCode()).isEqualTo(204);
        APIGatewayV2HTTPResponse gone = send("get-segment.json", "segmentId", id);
        assertThat(gone.getStatusCode()).isEqualTo(404);
        assertThat(header(gone, "Content-Type")).isEqualTo(PROBLEM_JSON);
        assertThat(json(send("list-segments.json")).get("items")).isEmpty();
    }

    @Test
    void previewCountsWhomTheRuleSelectsAndSavesNothing() {
        APIGatewayV2HTTPResponse preview = send("preview-segment.json");

        assertThat(preview.getStatusCode()).as(preview.getBody()).isEqualTo(200);
        assertThat(json(preview).get("count").asLong()).isEqualTo(2);
        assertThat(ids(json(preview).get("sample"))).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(json(send("list-segments.json")).get("items")).isEmpty();
    }

    @Test
    void membersAndEmailsAreWhomTheEvaluatorKeptInTheSegment() {
        String id = json(send("create-segment.json")).get("id").asText();
        send("patch-segment.json", "segmentId", id);
        SegmentMembership membership = app.segmentMembership();
        for (Customer customer : List.of(ann, bob)) {
            membership.customerChanged(hubId, null, customer, membership.rules(hubId));
        }

        APIGatewayV2HTTPResponse members = send("list-segment-members.json", "segmentId", id);
        assertThat(members.getStatusCode()).as(members.getBody()).isEqualTo(200);
        assertThat(ids(json(members).get("items"))).containsExactlyInAnyOrder(ann.id(), bob.id());
        assertThat(json(members).get("nextCursor").isNull()).isTrue();

        APIGatewayV2HTTPResponse emails = send("segment-emails.json", "segmentId", id);
        assertThat(emails.getStatusCode()).isEqualTo(200);
        assertThat(header(emails, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(emails.getBody().lines().toList()).as("only who consented to marketing").containsExactly("ann@example.com");
    }

    @Test
    void anotherHubsSegmentIsANotFound() {
        String id = json(send("create-segment.json")).get("id").asText();
        String otherKey = app.hubs().create(new NewHub("Other " + UUID.randomUUID(), "EUR", "Europe/Paris")).key().secret();

        APIGatewayV2HTTPResponse read = handler.handleRequest(Events.load("http/get-segment.json",
                Map.of("hubKey", otherKey, "segmentId", id)), new InvocationContext("segments-api", 1024));

        assertThat(read.getStatusCode()).isEqualTo(404);
        assertThat(json(read).get("type").asText()).isEqualTo("urn:hubcrm:problem:not-found");
    }
}
