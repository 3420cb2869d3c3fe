package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The customers contract over HTTP against the local server. */
class CustomersApiE2ETest {
    private static String key;

    @BeforeAll
    static void hub() {
        key = TestApi.newHub("Customers E2E");
    }

    private static JsonNode create(String body) {
        TestApi.Response created = call("POST", "/v1/customers", key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void createsReadsPatchesAndDeletesACustomer() {
        TestApi.Response created = call("POST", "/v1/customers", key,
                "{\"firstName\":\"Ana\",\"lastName\":\"Ruiz\",\"email\":\" Ana.Ruiz@Example.org \",\"phone\":\"+34 600 000 000\","
                        + "\"tags\":[\"Wholesale/Restaurants\"],\"fields\":{\"diet\":\"vegan\"},\"marketingConsent\":true}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/v1/customers/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().get("email").asText()).isEqualTo("Ana.Ruiz@Example.org");
        assertThat(created.json().get("tags").get(0).asText()).isEqualTo("wholesale/restaurants");
        assertThat(created.json().get("status").asText()).isEqualTo("lead");
        assertThat(created.json().get("type").asText()).isEqualTo("person");

        TestApi.Response read = call("GET", "/v1/customers/" + id, key, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created.json());

        TestApi.Response patched = call("PATCH", "/v1/customers/" + id, key,
                "{\"phone\":null,\"tags\":[\"retail\"],\"fields\":{\"diet\":null,\"size\":4}}", "If-Match", "\"1\"");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.json().has("phone")).isFalse();
        assertThat(patched.json().get("firstName").asText()).isEqualTo("Ana");
        assertThat(patched.json().get("tags")).hasSize(1);
        assertThat(patched.json().get("fields").has("diet")).isFalse();
        assertThat(patched.json().get("fields").get("size").asInt()).isEqualTo(4);

        TestApi.Response stale = call("PATCH", "/v1/customers/" + id, key, "{\"firstName\":\"Ann\"}", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(call("GET", "/v1/customers/" + id, key, null).json().get("firstName").asText()).isEqualTo("Ana");

        assertThat(call("DELETE", "/v1/customers/" + id, key, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/customers/" + id, key, null).status()).isEqualTo(404);
        // the email is free again once its customer is gone
        create("{\"firstName\":\"Ana\",\"email\":\"ana.ruiz@example.org\"}");
    }

    @Test
    void emailIsUniquePerHubIgnoringCaseAndSpaces() {
        create("{\"companyName\":\"Olive Co\",\"type\":\"company\",\"email\":\"orders@olive.example\"}");
        TestApi.Response duplicate = call("POST", "/v1/customers", key,
                "{\"firstName\":\"Someone\",\"email\":\"  ORDERS@Olive.Example\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(duplicate.json().get("errors").get(0).get("field").asText()).isEqualTo("email");
        // another hub may have the same email
        String otherHub = TestApi.newHub("Other");
        assertThat(call("POST", "/v1/customers", otherHub, "{\"firstName\":\"O\",\"email\":\"orders@olive.example\"}").status())
                .isEqualTo(201);
    }

    @Test
    void concurrentCreatesWithOneEmailMakeOneCustomer() throws Exception {
        int requests = 16;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String body = "{\"firstName\":\"Racer " + i + "\",\"email\":\"" + (i % 2 == 0 ? "race@example.com" : "RACE@example.com ") + "\"}";
            statuses.add(pool.submit(() -> {
                start.await();
                return call("POST", "/v1/customers", key, body).status();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get());
        }
        pool.shutdown();
        assertThat(results).containsOnly(201, 409);
        assertThat(results.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(call("GET", "/v1/customers?q=race@", key, null).json().get("items")).hasSize(1);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswer() {
        String body = "{\"firstName\":\"Idem\",\"email\":\"idem@example.com\"}";
        TestApi.Response first = call("POST", "/v1/customers", key, body, "Idempotency-Key", "create-idem-1");
        TestApi.Response again = call("POST", "/v1/customers", key, body, "Idempotency-Key", "create-idem-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));

        TestApi.Response reused = call("POST", "/v1/customers", key, "{\"firstName\":\"Other\",\"email\":\"x@example.com\"}",
                "Idempotency-Key", "create-idem-1");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(call("GET", "/v1/customers?q=x@example.com", key, null).json().get("items")).isEmpty();
    }

    @Test
    void listFiltersByTagSubtreeStatusTypeAndQueryAndPages() {
        String hub = TestApi.newHub("Lists");
        String both = call("POST", "/v1/customers", hub,
                "{\"firstName\":\"Bea\",\"email\":\"bea@example.com\",\"tags\":[\"wholesale\",\"wholesale/restaurants\"]}").json().get("id").asText();
        String restaurant = call("POST", "/v1/customers", hub,
                "{\"firstName\":\"Carl\",\"email\":\"carl@example.com\",\"tags\":[\"wholesale/restaurants/bistro\"]}").json().get("id").asText();
        String wholesalers = call("POST", "/v1/customers", hub,
                "{\"companyName\":\"Wholesalers Ltd\",\"type\":\"company\",\"email\":\"w@example.com\",\"tags\":[\"wholesalers\"]}").json().get("id").asText();
        String elodie = call("POST", "/v1/customers", hub,
                "{\"firstName\":\"Élodie\",\"lastName\":\"Durand\",\"phone\":\"+33 6 00 00 00 00\"}").json().get("id").asText();

        assertThat(ids(hub, "/v1/customers?tag=wholesale/&limit=1")).containsExactlyInAnyOrder(both, restaurant);
        assertThat(ids(hub, "/v1/customers?tag=wholesale")).containsExactly(both);
        assertThat(ids(hub, "/v1/customers?tag=wholesale/&tag=wholesale/restaurants/bistro")).containsExactly(restaurant);
        assertThat(ids(hub, "/v1/customers?type=company")).containsExactly(wholesalers);
        assertThat(ids(hub, "/v1/customers?status=lead&limit=3")).hasSize(4);
        assertThat(ids(hub, "/v1/customers?q=elo")).containsExactly(elodie);
        assertThat(ids(hub, "/v1/customers?q=%C3%89lodie%20d")).containsExactly(elodie);
        assertThat(ids(hub, "/v1/customers?q=carl%40")).containsExactly(restaurant);
        List<String> all = ids(hub, "/v1/customers?limit=3&type=person");
        assertThat(all).containsExactly(both, restaurant, elodie);
        all = ids(hub, "/v1/customers?limit=3");
        assertThat(all).containsExactly(elodie, wholesalers, restaurant, both);
    }

    @Test
    void theNameSearchFoldsLettersThatHaveNoAccentMark() {
        String hub = TestApi.newHub("Folding");
        String soren = call("POST", "/v1/customers", hub,
                "{\"firstName\":\"Søren\",\"lastName\":\"Weiß\",\"companyName\":\"Łąka\",\"email\":\"s@example.com\"}").json().get("id").asText();
        assertThat(ids(hub, "/v1/customers?q=soren%20weiss")).containsExactly(soren);
        assertThat(ids(hub, "/v1/customers?q=weiss")).containsExactly(soren);
        assertThat(ids(hub, "/v1/customers?q=lak")).containsExactly(soren);
        assertThat(ids(hub, "/v1/customers?q=S%C3%B8r")).containsExactly(soren);
    }

    /** Every id of a list, following nextCursor to the end; fails on a repeated id. */
    static List<String> ids(String key, String path) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            TestApi.Response page = call("GET", path + (cursor == null ? "" : "&cursor=" + cursor), key, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode item : page.json().get("items")) {
                assertThat(seen.add(item.get("id").asText())).as("listed twice: " + item).isTrue();
                ids.add(item.get("id").asText());
            }
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }
}
