package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Notes over HTTP against the local server: CRUD with a history, the hub's due reminders, the timeline. */
class NotesE2ETest {
    private static String key;
    private static String otherKey;
    private static String customerId;

    @BeforeAll
    static void hubWithACustomer() {
        key = TestApi.newHub("Notes E2E");
        otherKey = TestApi.newHub("Notes E2E other");
        TestApi.Response created = call("POST", "/v1/customers", key, "{\"firstName\":\"Élodie\",\"email\":\"elodie@notes.example\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        customerId = created.json().get("id").asText();
    }

    private static String notes() {
        return "/v1/customers/" + customerId + "/notes";
    }

    private static JsonNode create(String body) {
        TestApi.Response created = call("POST", notes(), key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(notes() + "/" + created.json().get("id").asText());
        return created.json();
    }

    @Test
    void aNoteIsEditedAndDeletedWithAHistoryThatOutlivesIt() {
        JsonNode note = create("{\"kind\":\"meeting\",\"body\":\"Met at the market.\\nWants <b>Crème</b> weekly\",\"author\":\"Lou\"}");
        String path = notes() + "/" + note.get("id").asText();
        assertThat(note.get("body").asText()).isEqualTo("Met at the market.\nWants <b>Crème</b> weekly");
        assertThat(note.has("dueAt")).isFalse();

        TestApi.Response edited = call("PATCH", path, key, "{\"body\":\"Wants cheese weekly\",\"editedBy\":\"Max\"}", "If-Match", "\"1\"");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.header("ETag")).isEqualTo("\"2\"");
        assertThat(edited.json().get("author").asText()).isEqualTo("Lou");
        assertThat(call("PATCH", path, key, "{\"body\":\"stale\"}", "If-Match", "\"1\"").status()).isEqualTo(412);
        assertThat(call("GET", path, key, null).json().get("body").asText()).isEqualTo("Wants cheese weekly");

        assertThat(call("DELETE", path + "?deletedBy=Zo%C3%A9", key, null).status()).isEqualTo(204);
        assertThat(call("GET", path, key, null).status()).isEqualTo(404);
        JsonNode history = call("GET", path + "/history", key, null).json().get("items");
        assertThat(history.findValuesAsText("action")).containsExactly("deleted", "edited");
        assertThat(history.findValuesAsText("by")).containsExactly("Zoé", "Max");
        assertThat(history.get(1).get("previous").get("body").asText()).isEqualTo("Met at the market.\nWants <b>Crème</b> weekly");
        assertThat(history.get(0).get("previous").get("body").asText()).isEqualTo("Wants cheese weekly");
        assertThat(call("GET", path + "/history", otherKey, null).status()).isEqualTo(404);
    }

    @Test
    void badNotesAreRefusedNamingTheField() {
        TestApi.Response unknownKind = call("POST", notes(), key, "{\"kind\":\"gossip\",\"body\":\"x\"}");
        assertThat(unknownKind.status()).isEqualTo(422);
        assertThat(unknownKind.json().get("errors").findValuesAsText("field")).containsExactly("kind");
        TestApi.Response tooLong = call("POST", notes(), key, "{\"kind\":\"note\",\"body\":\"" + "a".repeat(20_001) + "\",\"typo\":1}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("errors").findValuesAsText("field")).containsExactly("body");
        assertThat(call("POST", notes(), key, "{\"kind\":\"reminder\",\"body\":\"Call\"}").json().get("errors").findValuesAsText("field"))
                .containsExactly("dueAt");
        assertThat(call("GET", notes() + "?kind=gossip", key, null).status()).isEqualTo(422);
        assertThat(call("GET", "/v1/notes?due=someday", key, null).status()).isEqualTo(422);
        assertThat(call("POST", "/v1/customers/cus_00000000000000000000000000/notes", key, "{\"kind\":\"note\",\"body\":\"x\"}").status())
                .isEqualTo(404);
    }

    @Test
    void aCreateWithAnIdempotencyKeyMakesOneNote() {
        String body = "{\"kind\":\"question\",\"body\":\"Does she deliver on Mondays?\"}";
        TestApi.Response first = call("POST", notes(), key, body, "Idempotency-Key", "note-once");
        TestApi.Response again = call("POST", notes(), key, body, "Idempotency-Key", "note-once");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(call("GET", notes() + "?kind=question&limit=200", key, null).json().get("items").findValuesAsText("id"))
                .containsOnlyOnce(first.json().get("id").asText());
    }

    @Test
    void openRemindersAreListedByDueTimeUntilDoneAndNotesShowOnTheTimeline() {
        Instant now = Instant.now();
        String overdue = create(reminder(now.minus(Duration.ofDays(2)))).get("id").asText();
        String inThreeDays = create(reminder(now.plus(Duration.ofDays(3)))).get("id").asText();
        String idea = create("{\"kind\":\"idea\",\"body\":\"Offer a tasting\"}").get("id").asText();

        assertThat(due("overdue")).contains(overdue).doesNotContain(inThreeDays, idea);
        assertThat(due("week")).contains(inThreeDays).doesNotContain(overdue, idea);
        assertThat(due("today")).doesNotContain(overdue, inThreeDays, idea);
        assertThat(call("GET", notes() + "?kind=reminder&limit=200", key, null).json().get("items").findValuesAsText("id"))
                .contains(overdue, inThreeDays).doesNotContain(idea);

        TestApi.Response done = call("PATCH", notes() + "/" + overdue, key, "{\"done\":true}", "Content-Type", "application/merge-patch+json");
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(due("overdue")).doesNotContain(overdue);
        assertThat(call("GET", "/v1/notes", otherKey, null).json().get("items")).isEmpty();

        JsonNode timeline = call("GET", "/v1/customers/" + customerId + "/timeline?limit=200", key, null).json().get("items");
        List<String> noteIds = timeline.findValues("detail").stream().filter(d -> d.has("body")).map(d -> d.get("id").asText()).toList();
        assertThat(noteIds).contains(idea, inThreeDays, overdue);
        assertThat(noteIds.indexOf(idea)).isLessThan(noteIds.indexOf(overdue));
    }

    @Test
    void searchFindsAccentedWordsByTheirPlainSpellingAndPrefixUntilEditedOrDeleted() {
        String summer = create("{\"kind\":\"note\",\"body\":\"Commande de l'été : Crème fraîche et Smørrebrød\"}").get("id").asText();
        String path = notes() + "/" + summer;

        assertThat(search("creme", key)).containsExactly(summer);
        assertThat(search("lete", key)).containsExactly(summer);
        assertThat(search("smorre", key)).containsExactly(summer);
        assertThat(search("fraich", key)).containsExactly(summer);
        JsonNode hit = call("GET", "/v1/notes?q=cr%C3%A8me", key, null).json().get("items").get(0);
        assertThat(hit.get("customer").get("id").asText()).isEqualTo(customerId);
        assertThat(hit.get("customer").get("name").asText()).isEqualTo("Élodie");
        assertThat(search("creme", otherKey)).isEmpty();

        assertThat(call("PATCH", path, key, "{\"body\":\"Commande d'automne\"}").status()).isEqualTo(200);
        assertThat(search("creme", key)).isEmpty();
        assertThat(search("automne", key)).containsExactly(summer);
        assertThat(call("DELETE", path, key, null).status()).isEqualTo(204);
        assertThat(search("automne", key)).isEmpty();
        assertThat(call("GET", "/v1/notes?q=creme&due=today", key, null).status()).isEqualTo(422);
        assertThat(call("GET", "/v1/notes?q=a", key, null).status()).isEqualTo(422);
    }

    private static List<String> search(String query, String hubKey) {
        TestApi.Response found = call("GET", "/v1/notes?q=" + query + "&limit=200", hubKey, null);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().get("items").findValuesAsText("id").stream().filter(id -> id.startsWith("note_")).toList();
    }

    private static String reminder(Instant dueAt) {
        return "{\"kind\":\"reminder\",\"body\":\"Call back\",\"dueAt\":\"" + dueAt + "\"}";
    }

    private static List<String> due(String window) {
        TestApi.Response list = call("GET", "/v1/notes?due=" + window + "&limit=200", key, null);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().get("items").findValuesAsText("id");
    }
}
