package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The low-balance job over HTTP: one reminder per low customer with an email, a working top-up link, once. */
class LowBalanceRemindersE2ETest {
    private static final Pattern CHECKOUT = Pattern.compile("(http://\\S+/_local/checkout/\\S+)");

    private static String customer(String key, String body) {
        TestApi.Response created = call("POST", "/v1/customers", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** The outbox items sent to {@code address}. */
    private static List<JsonNode> mailTo(String address) {
        List<JsonNode> mail = new ArrayList<>();
        for (JsonNode item : call("GET", "/_local/outbox", null, null).json().get("items")) {
            if (item.get("to").get(0).asText().equals(address)) {
                mail.add(item);
            }
        }
        return mail;
    }

    @Test
    void lowCustomersWithAnEmailGetOneReminderWithATopUpLinkThatWorks() {
        String key = TestApi.newHub("Reminding hub");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String low = "low-" + tag + "@example.com";
        String rich = "rich-" + tag + "@example.com";
        String lowId = customer(key, "{\"firstName\":\"Lou\",\"email\":\"" + low + "\"}");
        String richId = customer(key, "{\"firstName\":\"Rich\",\"email\":\"" + rich + "\"}");
        customer(key, "{\"firstName\":\"Phone\",\"phone\":\"+33600000000\"}");
        call("POST", "/v1/customers/" + richId + "/wallet/adjustments", key, "{\"amount\":5000,\"reason\":\"opening credit\"}");
        assertThat(call("PATCH", "/v1/hub", key, "{\"wallet\":{\"lowBalanceThreshold\":1000,\"reminderEveryDays\":7}}").status())
                .isEqualTo(200);

        TestApi.Response first = call("POST", "/_local/jobs/low-balance-reminders", null, null);
        TestApi.Response second = call("POST", "/_local/jobs/low-balance-reminders", null, null);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(mailTo(rich)).isEmpty();
        List<JsonNode> reminders = mailTo(low);
        assertThat(reminders).hasSize(1);
        JsonNode reminder = reminders.get(0);
        assertThat(reminder.get("subject").asText()).contains("Reminding hub");
        assertThat(reminder.get("text").asText()).contains("0.00 EUR", "10.00 EUR");
        assertThat(reminder.get("id").asText()).isNotBlank();
        assertThat(reminder.get("sentAt").asText()).isNotBlank();
        JsonNode history = call("GET", "/v1/customers/" + lowId + "/messages", key, null).json();
        assertThat(history.get("items")).hasSize(1);
        JsonNode message = history.get("items").get(0);
        assertThat(message.get("template").asText()).isEqualTo("low-balance-reminder");
        assertThat(message.get("subject").asText()).isEqualTo(reminder.get("subject").asText());
        assertThat(message.get("status").asText()).isEqualTo("sent");
        assertThat(call("GET", "/v1/customers/" + richId + "/messages", key, null).json().get("items")).isEmpty();
        Matcher link = CHECKOUT.matcher(reminder.get("text").asText());
        assertThat(link.find()).isTrue();

        assertThat(call("POST", TestApi.pathOf(link.group(1)), null, null).status()).as("an absolute link").isEqualTo(200);
        assertThat(call("GET", "/v1/customers/" + lowId + "/wallet", key, null).json().get("balance").asLong()).isEqualTo(1_000);
        JsonNode timeline = call("GET", "/v1/customers/" + lowId + "/timeline", key, null).json().get("items");
        assertThat(timeline.findValuesAsText("kind")).containsExactlyInAnyOrder("wallet", "status-change", "message");
        assertThat(timeline.get(timeline.size() - 1).at("/detail/template").asText()).as("the reminder came first")
                .isEqualTo("low-balance-reminder");
        assertThat(timeline.findValues("detail")).anySatisfy(detail -> assertThat(detail.path("to").asText()).isEqualTo("customer"));
    }
}
