package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Hubs, hub settings and API keys over HTTP. */
class HubsApiE2ETest {

    @Test
    void onlyTheOperatorCreatesHubs() {
        TestApi.Response noKey = call("POST", "/v1/hubs", null, "{\"name\":\"X\",\"currency\":\"EUR\"}");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(call("POST", "/v1/hubs", "not-the-operator", "{\"name\":\"X\",\"currency\":\"EUR\"}").status()).isEqualTo(401);
        String hubKey = TestApi.newHub("Some hub");
        assertThat(call("POST", "/v1/hubs", hubKey, "{\"name\":\"X\",\"currency\":\"EUR\"}").status()).isEqualTo(401);

        TestApi.Response created = call("POST", "/v1/hubs", TestApi.operatorKey(),
                "{\"name\":\"Farm Box\",\"currency\":\"CHF\",\"timezone\":\"Europe/Zurich\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("currency").asText()).isEqualTo("CHF");
        assertThat(created.json().get("apiKey").asText()).startsWith("hcrm." + created.json().get("id").asText() + ".");

        TestApi.Response invalid = call("POST", "/v1/hubs", TestApi.operatorKey(), "{\"name\":\"\",\"currency\":\"EURO\",\"timezone\":\"Mars/Base\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "currency", "timezone");
    }

    @Test
    void aHubReadsAndChangesItsSettingsButNotItsCurrency() {
        String key = TestApi.newHub("Settings hub");
        JsonNode hub = call("GET", "/v1/hub", key, null).json();
        assertThat(hub.get("name").asText()).isEqualTo("Settings hub");
        assertThat(hub.get("timezone").asText()).isEqualTo("UTC");

        TestApi.Response patched = call("PATCH", "/v1/hub", key, "{\"name\":\"Renamed\",\"senderEmail\":\"news@farm.example\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(patched.json().get("senderEmail").asText()).isEqualTo("news@farm.example");

        TestApi.Response currency = call("PATCH", "/v1/hub", key, "{\"currency\":\"USD\"}");
        assertThat(currency.status()).isEqualTo(422);
        assertThat(currency.json().get("errors").get(0).get("field").asText()).isEqualTo("currency");
        assertThat(call("GET", "/v1/hub", key, null).json().get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void keysRotate() {
        String first = TestApi.newHub("Rotating hub");
        TestApi.Response second = call("POST", "/v1/hub/api-keys", first, "{\"name\":\"shop server\"}");
        assertThat(second.status()).isEqualTo(201);
        String secondKey = second.json().get("apiKey").asText();
        assertThat(call("GET", "/v1/hub", secondKey, null).status()).isEqualTo(200);

        JsonNode keys = call("GET", "/v1/hub/api-keys", secondKey, null).json().get("items");
        assertThat(keys).hasSize(2);
        assertThat(keys.toString()).doesNotContain(secondKey).doesNotContain("sha256");
        String firstId = keys.findValuesAsText("id").stream()
                .filter(id -> !id.equals(second.json().get("id").asText())).findFirst().orElseThrow();

        assertThat(call("DELETE", "/v1/hub/api-keys/" + firstId, secondKey, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/hub", first, null).status()).isEqualTo(401);
        assertThat(call("DELETE", "/v1/hub/api-keys/" + firstId, secondKey, null).status()).isEqualTo(404);
        TestApi.Response last = call("DELETE", "/v1/hub/api-keys/" + second.json().get("id").asText(), secondKey, null);
        assertThat(last.status()).isEqualTo(409);
        assertThat(call("GET", "/v1/hub", secondKey, null).status()).isEqualTo(200);
    }

    @Test
    void aKeyIsShownOnceEvenToARetriedRequest() {
        String key = TestApi.newHub("Secret keeper");
        TestApi.Response created = call("POST", "/v1/hub/api-keys", key, "{\"name\":\"pos\"}", "Idempotency-Key", "new-key-1");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/hub/api-keys/" + created.json().get("id").asText());
        TestApi.Response retried = call("POST", "/v1/hub/api-keys", key, "{\"name\":\"pos\"}", "Idempotency-Key", "new-key-1");
        assertThat(retried.status()).isEqualTo(409);
        assertThat(retried.body()).doesNotContain(created.json().get("apiKey").asText());
        assertThat(retried.header("Location")).isEqualTo(created.header("Location"));
        assertThat(call("GET", "/v1/hub/api-keys", key, null).json().get("items")).hasSize(2);
        TestApi.Response one = call("GET", created.header("Location"), key, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("name").asText()).isEqualTo("pos");
        assertThat(one.json().has("apiKey")).isFalse();
    }

    @Test
    void healthAndOpenApiNeedNoKey() {
        assertThat(call("GET", "/health", null, null).json().get("status").asText()).isEqualTo("ok");
        TestApi.Response openApi = call("GET", "/openapi.json", null, null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.json().get("openapi").asText()).startsWith("3.1");
    }
}
