package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.testkit.lambda.Events;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inbound mail over HTTP: the events/mail samples sent to POST /_local/inbound-mail, which runs the
 * inbound-mail function as the SES receipt rule would; notes, search and the inbox through the API.
 */
class InboundMailE2ETest {
    private static String key;
    private static String otherKey;
    private static String address;

    @BeforeAll
    static void hub() {
        key = TestApi.newHub("Inbound E2E");
        otherKey = TestApi.newHub("Inbound E2E other");
        address = call("GET", "/v1/hub", key, null).json().get("inboundAddress").asText();
    }

    /** Receives the sample at the hub's address: the function's answer for the one hub. */
    private static JsonNode receive(String sample) {
        TestApi.Response received = call("POST", "/_local/inbound-mail", null,
                Events.fill(Events.read("mail/" + sample), Map.of("inboundAddress", address)));
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        return received.json().get("mails").get(0).get("deliveries").get(0);
    }

    /** Receives a plain-text mail at the hub's address. */
    private static JsonNode receive(String from, String messageId, String subject, String text) {
        String raw = "From: " + from + "\r\nTo: " + address + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
        TestApi.Response received = call("POST", "/_local/inbound-mail", null, raw);
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        return received.json().get("mails").get(0).get("deliveries").get(0);
    }

    private static JsonNode search(String query, String hubKey) {
        TestApi.Response found = call("GET", "/v1/notes?q=" + query, hubKey, null);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().get("items");
    }

    private static String customer(String body) {
        TestApi.Response created = call("POST", "/v1/customers", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @Test
    void theHubShowsItsInboundAddress() {
        String hubId = call("GET", "/v1/hub", key, null).json().get("id").asText();

        assertThat(address).isEqualTo(hubId.toLowerCase() + "@inbound.hubcrm.invalid");
    }

    @Test
    void aCustomersMailDeliveredTwiceIsOneEmailNoteFoundByThePlainSpellingOfItsWords() {
        String elodie = customer("{\"firstName\":\"Élodie\",\"email\":\"elodie.martin@example.com\"}");

        JsonNode first = receive("french-multipart-attachment.eml");
        JsonNode again = receive("french-multipart-attachment.eml");

        assertThat(first.get("outcome").asText()).isEqualTo("note");
        assertThat(again.get("outcome").asText()).isEqualTo("duplicate");
        JsonNode notes = call("GET", "/v1/customers/" + elodie + "/notes", key, null).json().get("items");
        assertThat(notes).hasSize(1);
        JsonNode note = notes.get(0);
        assertThat(note.get("id").asText()).isEqualTo(first.get("id").asText());
        assertThat(note.get("kind").asText()).isEqualTo("email");
        assertThat(note.get("body").asText()).startsWith("Bonjour,\n\nJe voudrais commander deux pots de crème fraîche")
                .doesNotContain("pièce jointe");
        assertThat(note.get("mail").get("subject").asText()).isEqualTo("Commande de crème fraîche pour l’été");
        assertThat(note.get("mail").get("from").asText()).isEqualTo("elodie.martin@example.com");
        JsonNode found = call("GET", "/v1/notes?q=creme%20fraiche", key, null).json().get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asText()).isEqualTo(note.get("id").asText());
        assertThat(found.get(0).get("customer").get("id").asText()).isEqualTo(elodie);
        assertThat(call("GET", "/v1/notes?q=lete", key, null).json().get("items").findValuesAsText("id")).contains(note.get("id").asText());
        assertThat(call("GET", "/v1/notes?q=creme", otherKey, null).json().get("items")).isEmpty();
        JsonNode timeline = call("GET", "/v1/customers/" + elodie + "/timeline", key, null).json().get("items");
        assertThat(timeline.findValuesAsText("kind")).contains("note");
    }

    @Test
    void anUnknownSendersMailWaitsInTheInboxAndAssigningMovesItToTheCustomer() {
        String bistro = customer("{\"companyName\":\"Bistro\",\"type\":\"company\",\"email\":\"bistro@example.net\"}");
        JsonNode kept = receive("html-only.eml");
        assertThat(kept.get("outcome").asText()).isEqualTo("inbox");
        String inboxId = kept.get("id").asText();
        JsonNode inbox = call("GET", "/v1/inbox", key, null).json().get("items");
        assertThat(inbox.findValuesAsText("id")).contains(inboxId);
        assertThat(call("GET", "/v1/inbox", otherKey, null).json().get("items").findValuesAsText("id")).doesNotContain(inboxId);
        assertThat(call("POST", "/v1/inbox/" + inboxId + "/assign", otherKey, "{\"customerId\":\"" + bistro + "\"}").status())
                .isEqualTo(404);

        TestApi.Response assigned = call("POST", "/v1/inbox/" + inboxId + "/assign", key, "{\"customerId\":\"" + bistro + "\"}");
        TestApi.Response again = call("POST", "/v1/inbox/" + inboxId + "/assign", key, "{\"customerId\":\"" + bistro + "\"}");

        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(again.json().get("id").asText()).isEqualTo(assigned.json().get("id").asText());
        assertThat(assigned.json().get("body").asText()).startsWith("Bonjour,\nNous sommes un café à Lyon.");
        assertThat(call("GET", "/v1/inbox", key, null).json().get("items").findValuesAsText("id")).doesNotContain(inboxId);
        assertThat(call("GET", "/v1/customers/" + bistro + "/notes?kind=email", key, null).json().get("items").findValuesAsText("id"))
                .containsExactly(assigned.json().get("id").asText());
    }

    @Test
    void anInboxMailIsFoundAsAnInboxItemUntilAssignedThenAsTheCustomersNote() {
        String inboxId = receive("Gaëlle <gaelle@potager.example>", "<topi-1@potager.example>", "Topinambours d'hiver",
                "Bonjour, avez-vous des topinambours ?").get("id").asText();

        JsonNode waiting = search("topinamb", key);
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("id").asText()).isEqualTo(inboxId);
        assertThat(waiting.get(0).get("kind").asText()).isEqualTo("email");
        assertThat(waiting.get(0).get("inbox").asBoolean()).isTrue();
        assertThat(waiting.get(0).has("customer")).isFalse();
        assertThat(waiting.get(0).get("mail").get("from").asText()).isEqualTo("gaelle@potager.example");
        assertThat(waiting.get(0).get("mail").get("subject").asText()).isEqualTo("Topinambours d'hiver");
        assertThat(waiting.get(0).get("snippet").asText()).isEqualTo("Bonjour, avez-vous des topinambours ?\n");
        assertThat(search("hiver%20avez", key).findValuesAsText("id")).containsExactly(inboxId);
        assertThat(search("topinamb", otherKey)).isEmpty();

        String potager = customer("{\"companyName\":\"Potager\",\"type\":\"company\",\"email\":\"contact@potager.example\"}");
        TestApi.Response assigned = call("POST", "/v1/inbox/" + inboxId + "/assign", key, "{\"customerId\":\"" + potager + "\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);

        JsonNode moved = search("topinamb", key);
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).get("id").asText()).isEqualTo(assigned.json().get("id").asText());
        assertThat(moved.get(0).get("customer").get("id").asText()).isEqualTo(potager);
        assertThat(moved.get(0).get("customer").get("name").asText()).isEqualTo("Potager");
        assertThat(moved.get(0).has("inbox")).isFalse();
    }

    @Test
    void aMailRedeliveredOnceItsSenderIsACustomerLeavesTheInboxForTheirNotesOnce() {
        String first = receive("Hugo <hugo@verger.example>", "<cidre-1@verger.example>", "Cidre", "Trois caisses de cidre brut")
                .get("id").asText();
        String hugo = customer("{\"firstName\":\"Hugo\",\"email\":\"Hugo@verger.example\"}");

        JsonNode redelivered = receive("Hugo <hugo@verger.example>", "<cidre-1@verger.example>", "Cidre", "Trois caisses de cidre brut");
        JsonNode again = receive("Hugo <hugo@verger.example>", "<cidre-1@verger.example>", "Cidre", "Trois caisses de cidre brut");
        JsonNode newMail = receive("Hugo <hugo@verger.example>", "<cidre-2@verger.example>", "Cidre doux", "Et deux de cidre doux");

        assertThat(redelivered.get("outcome").asText()).isEqualTo("note");
        assertThat(again.get("outcome").asText()).isEqualTo("duplicate");
        assertThat(newMail.get("outcome").asText()).isEqualTo("note");
        String note = redelivered.get("id").asText();
        assertThat(call("GET", "/v1/inbox?limit=200", key, null).json().get("items").findValuesAsText("id")).doesNotContain(first);
        assertThat(call("GET", "/v1/customers/" + hugo + "/notes?kind=email", key, null).json().get("items").findValuesAsText("id"))
                .containsExactly(newMail.get("id").asText(), note);
        JsonNode found = search("cidre%20brut", key);
        assertThat(found.findValuesAsText("id")).containsExactly(note, hugo);
        TestApi.Response assign = call("POST", "/v1/inbox/" + first + "/assign", key, "{\"customerId\":\"" + hugo + "\"}");
        assertThat(assign.status()).as(assign.body()).isEqualTo(200);
        assertThat(assign.json().get("id").asText()).isEqualTo(note);
    }

    @Test
    void anUnknownSendersMailBecomesANewLeadsNote() {
        JsonNode kept = receive("ukrainian-quoted-printable.eml");

        TestApi.Response assigned = call("POST", "/v1/inbox/" + kept.get("id").asText() + "/assign", key, "{\"createLead\":true}");

        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        JsonNode lead = call("GET", "/v1/customers/" + assigned.json().get("customerId").asText(), key, null).json();
        assertThat(lead.get("firstName").asText()).isEqualTo("Олена Коваленко");
        assertThat(lead.get("email").asText()).isEqualTo("olena@example.com.ua");
        assertThat(lead.get("status").asText()).isEqualTo("lead");
        assertThat(assigned.json().get("body").asText()).contains("свіжий сир");
        assertThat(call("GET", "/v1/notes?q=%D1%81%D0%B2%D1%96%D0%B6", key, null).json().get("items").findValuesAsText("id"))
                .contains(assigned.json().get("id").asText());
    }

    @Test
    void emailNotesComeOnlyFromMail() {
        String ana = customer("{\"firstName\":\"Ana\",\"email\":\"ana@inbound-e2e.example\"}");

        TestApi.Response made = call("POST", "/v1/customers/" + ana + "/notes", key, "{\"kind\":\"email\",\"body\":\"x\"}");

        assertThat(made.status()).isEqualTo(422);
        assertThat(made.json().get("errors").findValuesAsText("field")).containsExactly("kind");
        assertThat(call("POST", "/v1/inbox/inb_00000000000000000000000000/assign", key, "{\"createLead\":true}").status()).isEqualTo(404);
        assertThat(call("POST", "/v1/inbox/inb_00000000000000000000000000/assign", key, "{}").status()).isEqualTo(422);
    }
}
