package dev.hubcrm.conversations;

import static dev.hubcrm.testkit.lambda.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.HubService;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replays the notes samples of {@code events/http/} through the real notes-api handler on DynamoDB Local. */
class NotesApiHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static NotesApiHandler handler;

    @BeforeAll
    static void startHandler() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO);
        handler = new NotesApiHandler(app);
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

    @Test
    void theSamplesCreateFindListFinishAndShowTheHistoryOfAReminder() {
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Ferme", "EUR", "Europe/Paris"));
        String customerId = app.customers().create(hub.hub().id(), new CustomerDraft(CustomerType.PERSON, "elodie@example.com", null,
                "Élodie", "Martin", null, List.of(), Map.of(), false, null, false)).id();
        Map<String, String> values = new HashMap<>(Map.of("hubKey", hub.key().secret(), "customerId", customerId));

        APIGatewayV2HTTPResponse created = send("http/create-note.json", values);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String noteId = json(created).get("id").asText();
        values.put("noteId", noteId);
        assertThat(send("http/create-note.json", values).getHeaders()).containsEntry("Idempotent-Replayed", "true");

        JsonNode found = json(send("http/search-notes.json", values)).get("items");
        assertThat(found.findValuesAsText("id")).contains(noteId);
        assertThat(found.get(0).get("customer").get("name").asText()).isEqualTo("Élodie Martin");
        assertThat(json(send("http/list-due-notes.json", values)).get("items").findValuesAsText("id")).containsExactly(noteId);

        APIGatewayV2HTTPResponse done = send("http/patch-note.json", values);
        assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
        assertThat(json(done).get("done").asBoolean()).isTrue();
        assertThat(json(send("http/list-due-notes.json", values)).get("items")).isEmpty();

        JsonNode history = json(send("http/get-note-history.json", values)).get("items");
        assertThat(history).singleElement().satisfies(revision -> {
            assertThat(revision.get("by").asText()).isEqualTo("Max");
            assertThat(revision.get("previous").get("done").asBoolean()).isFalse();
        });
    }

    private static APIGatewayV2HTTPResponse send(String sample, Map<String, String> values) {
        return handler.handleRequest(Events.load(sample, values), new InvocationContext("notes-api", 1024));
    }
}
