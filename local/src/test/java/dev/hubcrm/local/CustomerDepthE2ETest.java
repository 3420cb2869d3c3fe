package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Order facts, status automation, custom fields, relations and bulk actions over HTTP. */
class CustomerDepthE2ETest {

    private static String customer(String key, String email) {
        TestApi.Response created = call("POST", "/v1/customers", key, "{\"firstName\":\"C\",\"email\":\"" + email + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static TestApi.Response order(String key, String id, String ref, long total, Instant placedAt) {
        return call("POST", "/v1/customers/" + id + "/orders", key,
                "{\"orderRef\":\"" + ref + "\",\"total\":" + total + ",\"placedAt\":\"" + placedAt + "\"}");
    }

    @Test
    void ordersCountOnceAndMakeALeadACustomer() {
        String key = TestApi.newHub("Orders");
        String id = customer(key, "o@example.com");
        assertThat(call("GET", "/v1/customers?status=lead", key, null).json().get("items")).hasSize(1);
        Instant placed = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        TestApi.Response first = order(key, id, "A-1", 2500, placed);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        TestApi.Response again = order(key, id, "A-1", 2500, placed);
        assertThat(again.status()).isEqualTo(200);
        assertThat(order(key, id, "A-1", 9999, placed).status()).isEqualTo(409);

        JsonNode customer = call("GET", "/v1/customers/" + id, key, null).json();
        assertThat(customer.get("orderCount").asLong()).isEqualTo(1);
        assertThat(customer.get("totalSpent").asLong()).isEqualTo(2500);
        assertThat(customer.get("status").asText()).isEqualTo("customer");
        assertThat(customer.get("lastOrderAt").asText()).isEqualTo(placed.toString());
        assertThat(CustomersApiE2ETest.ids(key, "/v1/customers?status=customer")).containsExactly(id);
        assertThat(call("GET", "/v1/customers?status=lead", key, null).json().get("items")).isEmpty();
    }

    @Test
    void concurrentOrdersStayExact() throws Exception {
        String key = TestApi.newHub("Concurrent orders");
        String id = customer(key, "c@example.com");
        int orders = 24;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        Instant placed = Instant.now().minus(1, ChronoUnit.HOURS);
        for (int i = 0; i < orders; i++) {
            String ref = "R-" + (i % 12); // every order reported twice, concurrently
            statuses.add(pool.submit(() -> {
                start.await();
                return order(key, id, ref, 100, placed).status();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get());
        }
        pool.shutdown();
        assertThat(results).containsOnly(200, 201);
        assertThat(results.stream().filter(s -> s == 201).count()).isEqualTo(12);
        JsonNode customer = call("GET", "/v1/customers/" + id, key, null).json();
        assertThat(customer.get("orderCount").asLong()).isEqualTo(12);
        assertThat(customer.get("totalSpent").asLong()).isEqualTo(1200);
    }

    @Test
    void hubRulesMakeVipsAndAHandSetStatusIsPinned() {
        String key = TestApi.newHub("VIP rules");
        TestApi.Response rules = call("PATCH", "/v1/hub", key,
                "{\"statusRules\":{\"vip\":{\"enabled\":true,\"minTotalSpent\":10000,\"withinDays\":30}}}");
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
        assertThat(rules.json().at("/statusRules/vip/minTotalSpent").asLong()).isEqualTo(10000);
        assertThat(rules.json().at("/statusRules/leadToCustomer/enabled").asBoolean()).isTrue();

        String id = customer(key, "v@example.com");
        Instant now = Instant.now();
        order(key, id, "old", 9000, now.minus(60, ChronoUnit.DAYS));
        order(key, id, "new-1", 6000, now.minus(1, ChronoUnit.DAYS));
        assertThat(call("GET", "/v1/customers/" + id, key, null).json().get("status").asText()).isEqualTo("customer");
        order(key, id, "new-2", 4000, now.minus(1, ChronoUnit.HOURS));
        assertThat(call("GET", "/v1/customers/" + id, key, null).json().get("status").asText()).isEqualTo("vip");

        String pinned = customer(key, "p@example.com");
        TestApi.Response byHand = call("PATCH", "/v1/customers/" + pinned, key, "{\"status\":\"lead\"}");
        assertThat(byHand.json().get("statusPinned").asBoolean()).isTrue();
        order(key, pinned, "p-1", 50000, now.minus(1, ChronoUnit.HOURS));
        assertThat(call("GET", "/v1/customers/" + pinned, key, null).json().get("status").asText()).isEqualTo("lead");
        TestApi.Response unpinned = call("PATCH", "/v1/customers/" + pinned, key, "{\"statusPinned\":false}");
        assertThat(unpinned.json().get("status").asText()).isEqualTo("vip");
        assertThat(unpinned.json().get("statusPinned").asBoolean()).isFalse();

        TestApi.Response invalid = call("PATCH", "/v1/hub", key, "{\"statusRules\":{\"vip\":{\"minTotalSpent\":null}}}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").findValuesAsText("field")).contains("statusRules.vip");
    }

    @Test
    void customFieldsFollowTheHubsDefinitions() {
        String key = TestApi.newHub("Fields");
        assertThat(call("PATCH", "/v1/hub", key, "{\"fields\":[{\"name\":\"diet\",\"type\":\"choice\",\"choices\":[\"vegan\",\"omnivore\"]},"
                + "{\"name\":\"since\",\"type\":\"date\"},{\"name\":\"boxes\",\"type\":\"number\",\"required\":true}]}").status())
                .isEqualTo(200);
        TestApi.Response bad = call("POST", "/v1/customers", key,
                "{\"firstName\":\"F\",\"email\":\"f@example.com\",\"fields\":{\"diet\":\"keto\",\"since\":\"yesterday\",\"color\":\"red\"}}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("fields.diet", "fields.since", "fields.color", "fields.boxes");
        TestApi.Response good = call("POST", "/v1/customers", key,
                "{\"firstName\":\"F\",\"email\":\"f@example.com\",\"fields\":{\"diet\":\"vegan\",\"since\":\"2024-05-01\",\"boxes\":2}}");
        assertThat(good.status()).as(good.body()).isEqualTo(201);
    }

    @Test
    void relationsShowFromBothSidesAndGoWithTheCustomer() {
        String key = TestApi.newHub("Relations");
        String ann = customer(key, "ann@example.com");
        String company = customer(key, "office@olive.example");
        TestApi.Response related = call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"employee-of\",\"customerId\":\"" + company + "\"}");
        assertThat(related.status()).as(related.body()).isEqualTo(201);
        assertThat(call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"employee-of\",\"customerId\":\"" + company + "\"}").status()).isEqualTo(409);

        JsonNode fromCompany = call("GET", "/v1/customers/" + company + "/relations", key, null).json().get("items");
        assertThat(fromCompany).hasSize(1);
        assertThat(fromCompany.get(0).get("customerId").asText()).isEqualTo(ann);
        assertThat(fromCompany.get(0).get("direction").asText()).isEqualTo("incoming");

        // linked says the same from both sides: once per pair, however it is asked
        String bob = customer(key, "bob@example.com");
        assertThat(call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"linked\",\"customerId\":\"" + bob + "\"}").status()).isEqualTo(201);
        assertThat(call("POST", "/v1/customers/" + bob + "/relations", key,
                "{\"kind\":\"linked\",\"customerId\":\"" + ann + "\"}").status()).isEqualTo(409);
        assertThat(call("GET", "/v1/customers/" + bob + "/relations", key, null).json().get("items")).hasSize(1);
        // referred-by has a direction: the other way round is another relation
        assertThat(call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"referred-by\",\"customerId\":\"" + bob + "\"}").status()).isEqualTo(201);
        assertThat(call("POST", "/v1/customers/" + bob + "/relations", key,
                "{\"kind\":\"referred-by\",\"customerId\":\"" + ann + "\"}").status()).isEqualTo(201);
        assertThat(call("GET", "/v1/customers/" + bob + "/relations", key, null).json().get("items")).hasSize(3);

        String otherHub = TestApi.newHub("Elsewhere");
        String stranger = customer(otherHub, "s@example.com");
        assertThat(call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"linked\",\"customerId\":\"" + stranger + "\"}").status()).isEqualTo(404);
        assertThat(call("POST", "/v1/customers/" + ann + "/relations", key,
                "{\"kind\":\"linked\",\"customerId\":\"" + ann + "\"}").status()).isEqualTo(422);

        assertThat(call("DELETE", "/v1/customers/" + ann, key, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/customers/" + company + "/relations", key, null).json().get("items")).isEmpty();
    }

    @Test
    void exportsCsvWithEveryColumnAndDefusedFormulas() throws Exception {
        String key = TestApi.newHub("Export");
        call("PATCH", "/v1/hub", key, "{\"fields\":[{\"name\":\"diet\",\"type\":\"text\"}]}");
        call("POST", "/v1/customers", key, "{\"firstName\":\"=HYPERLINK(\\\"x\\\")\",\"lastName\":\"Smith, Jr.\","
                + "\"email\":\"e1@example.com\",\"tags\":[\"a/b\",\"c\"],\"fields\":{\"diet\":\"+vegan\"}}");
        call("POST", "/v1/customers", key, "{\"companyName\":\"Olive \\\"Co\\\"\",\"type\":\"company\",\"email\":\"e2@example.com\"}");
        TestApi.Response csv = call("GET", "/v1/customers/export", key, null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        try (CSVParser parser = CSVParser.parse(csv.body(),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).contains("id", "email", "tags", "status", "orderCount", "totalSpent",
                    "lastOrderAt", "fields.diet");
            List<CSVRecord> rows = parser.getRecords();
            assertThat(rows).hasSize(2);
            CSVRecord smith = rows.stream().filter(r -> r.get("email").equals("e1@example.com")).findFirst().orElseThrow();
            assertThat(smith.get("firstName")).isEqualTo("'=HYPERLINK(\"x\")");
            assertThat(smith.get("lastName")).isEqualTo("Smith, Jr.");
            assertThat(smith.get("tags")).isEqualTo("a/b|c");
            assertThat(smith.get("fields.diet")).isEqualTo("'+vegan");
            CSVRecord olive = rows.stream().filter(r -> r.get("email").equals("e2@example.com")).findFirst().orElseThrow();
            assertThat(olive.get("companyName")).isEqualTo("Olive \"Co\"");
        }
        TestApi.Response filtered = call("GET", "/v1/customers/export?tag=a/", key, null);
        assertThat(filtered.body().lines().count()).isEqualTo(2);
        assertThat(call("GET", "/v1/customers/export?bogus=1", key, null).status()).isEqualTo(422);
    }

    @Test
    void bulkChangesTagsAndStatusPerCustomer() {
        String key = TestApi.newHub("Bulk");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(customer(key, "b" + i + "@example.com"));
        }
        String unknown = "cus_00000000000000000000000000";
        StringBuilder idList = new StringBuilder();
        for (String id : ids) {
            idList.append('"').append(id).append("\",");
        }
        TestApi.Response bulk = call("POST", "/v1/customers/bulk", key,
                "{\"ids\":[" + idList + "\"" + unknown + "\"],\"addTags\":[\"Spring/2026\"],\"status\":\"vip\"}");
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.json().get("updated").asInt()).isEqualTo(5);
        assertThat(bulk.json().get("notFound").asInt()).isEqualTo(1);
        assertThat(bulk.json().get("results").findValuesAsText("outcome")).containsOnly("updated", "not_found");
        assertThat(CustomersApiE2ETest.ids(key, "/v1/customers?tag=spring/&status=vip")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(call("GET", "/v1/customers/" + ids.get(0), key, null).json().get("statusPinned").asBoolean()).isTrue();

        TestApi.Response removed = call("POST", "/v1/customers/bulk", key,
                "{\"ids\":[\"" + ids.get(0) + "\"],\"removeTags\":[\"spring/2026\"]}");
        assertThat(removed.json().get("updated").asInt()).isEqualTo(1);
        assertThat(CustomersApiE2ETest.ids(key, "/v1/customers?tag=spring/2026")).hasSize(4);
        assertThat(call("POST", "/v1/customers/bulk", key, "{\"ids\":[]}").status()).isEqualTo(422);
    }
}
