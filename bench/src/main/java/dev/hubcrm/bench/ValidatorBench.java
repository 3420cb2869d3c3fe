package dev.hubcrm.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.FieldDefinition;
import dev.hubcrm.hubs.SenderIdentityService;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.http.Json;
import dev.hubcrm.imports.CsvSheetReader;
import dev.hubcrm.imports.HeaderMapping;
import dev.hubcrm.imports.RowParser;
import dev.hubcrm.segments.SegmentRuleParser;
import dev.hubcrm.store.Cursors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Every validator of request input, timed on 1 MB of its worst case (A) against a normal input (B)
 * in the same run. A 1 MB body is the largest JSON the API reads; the target is that even its worst
 * case costs at most {@link #WORST_CASE_TARGET_MS} ms, which only linear work over a bounded size
 * meets (the tag regex this replaced spent about 12 s on 40 KB). An import file (up to 4.5 MB) is
 * parsed whole anyway, so its worst case is held to {@link #FILE_RATIO_TARGET} times a normal file
 * of the same size instead.
 */
final class ValidatorBench {
    static final double WORST_CASE_TARGET_MS = 50;
    static final double FILE_RATIO_TARGET = 5;
    private static final int MB = 1 << 20;
    static final int WORST_RUNS = 7;
    private static final int WARM_UP_RUNS = 5;
    /** A normal input is timed in batches of about this long, at most {@link #MAX_BATCH} calls. */
    private static final long BATCH_NANOS = 2_000_000;
    private static final int MAX_BATCH = 2000;
    private static final List<FieldDefinition> COVERS = List.of(new FieldDefinition("covers", FieldDefinition.Type.NUMBER, List.of(), false));

    /** One validation; a refusal (422, 400) is an answer like any other. */
    interface Call {
        void run() throws JacksonException;
    }

    /** A validator with its worst input and a normal one; {@code sameSize} when the normal one is 1 MB too (held to a ratio). */
    record Case(String name, Call worst, Call normal, boolean sameSize) {
        Case(String name, Call worst, Call normal) {
            this(name, worst, normal, false);
        }
    }

    /** The worst case's times and the normal input's median per call, in ms. */
    record Result(Case measured, Summary worst, double normalMillis) {
    }

    private ValidatorBench() {
    }

    static List<Result> run() {
        List<Result> results = new ArrayList<>();
        for (Case c : cases()) {
            // Interleaved, so that both sides see the same JIT state and the same noise from the machine.
            long[] worst = new long[WORST_RUNS];
            long[] normal = new long[WORST_RUNS];
            int batch = (int) Math.clamp(BATCH_NANOS / Math.max(1, time(c.normal(), 1)), 1, MAX_BATCH);
            for (int i = 0; i < WARM_UP_RUNS; i++) {
                time(c.worst(), 1);
                time(c.normal(), batch);
            }
            for (int i = 0; i < WORST_RUNS; i++) {
                worst[i] = time(c.worst(), 1);
                normal[i] = time(c.normal(), batch);
            }
            results.add(new Result(c, Summary.ofNanos(worst), Summary.ofNanos(normal).p50()));
        }
        return results;
    }

    /** Nanoseconds per call, over {@code calls} calls in a row. */
    private static long time(Call call, int calls) {
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            answer(call);
        }
        return (System.nanoTime() - started) / calls;
    }

    private static void answer(Call call) {
        try {
            call.run();
        } catch (ValidationException | JacksonException refused) {
            // the answer this input must get: a 422 or a 400
        }
    }

    static List<Case> cases() {
        String spaces = " ".repeat(MB);
        String digits = "9".repeat(MB);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("tag: 1 MB of spaces around a slash", () -> normalize(draft(List.of("a" + spaces.substring(MB / 2) + "/" + spaces.substring(MB / 2) + "b"))),
                () -> normalize(draft(List.of("Wholesale / Restaurants", "vip")))));
        cases.add(new Case("tags: 130k of them", () -> normalize(draft(Collections.nCopies(MB / 8, "a b"))),
                () -> normalize(draft(List.of("a", "b", "c")))));
        cases.add(new Case("email: 1 MB of dotted labels", () -> normalize(new CustomerDraft(CustomerType.PERSON,
                "a@" + "a.".repeat(MB / 2) + "!", null, "Ann", null, null, List.of(), Map.of(), false, null, false)),
                () -> normalize(draft(List.of()))));
        cases.add(new Case("sender domain: 1 MB of labels", () -> SenderIdentityService.validName(
                new SenderIdentityService.Request(null, "a.".repeat(MB / 2) + "-")),
                () -> SenderIdentityService.validName(new SenderIdentityService.Request(null, "farm.example"))));
        cases.add(new Case("phone: 1 MB of digits", () -> normalize(new CustomerDraft(CustomerType.PERSON, null, "+" + digits, "Ann",
                null, null, List.of(), Map.of(), false, null, false)), () -> normalize(new CustomerDraft(CustomerType.PERSON, null,
                "+33 6 12 34 56 78", "Ann", null, null, List.of(), Map.of(), false, null, false))));
        Map<String, Object> manyFields = new LinkedHashMap<>();
        IntStream.range(0, MB / 16).forEach(i -> manyFields.put("f" + i, "x"));
        cases.add(new Case("custom fields: 65k of them", () -> normalize(new CustomerDraft(CustomerType.PERSON, "ann@example.com", null,
                "Ann", null, null, List.of(), manyFields, false, null, false)), () -> normalize(new CustomerDraft(CustomerType.PERSON,
                "ann@example.com", null, "Ann", null, null, List.of(), Map.of("region", "north", "covers", BigDecimal.TEN), false, null, false))));
        cases.add(new Case("tag filter: 1 MB of spaces", () -> CustomerFilter.of(List.of("a" + spaces + "/"), null, null, null),
                () -> CustomerFilter.of(List.of("wholesale/"), null, null, null)));
        cases.add(new Case("q filter: 1 MB of accents", () -> CustomerFilter.of(List.of(), null, null, "e\u0301".repeat(MB / 2)),
                () -> CustomerFilter.of(List.of(), null, null, "Élo")));
        ArrayNode wide = Json.MAPPER.createArrayNode();
        IntStream.range(0, MB / 40).forEach(i -> wide.addObject().put("field", "tags").put("op", "contains").put("value", "a"));
        JsonNode wideRule = Json.object().set("all", wide);
        JsonNode normalRule = json("{\"all\":[{\"field\":\"tags\",\"op\":\"prefix\",\"value\":\"wholesale/\"},"
                + "{\"field\":\"totalSpent\",\"op\":\"gte\",\"value\":5000},{\"field\":\"lastOrderAt\",\"op\":\"withinDays\",\"value\":30}]}");
        cases.add(new Case("segment rule: 26k conditions", () -> parseRule(wideRule), () -> parseRule(normalRule)));
        JsonNode spacedTag = Json.object().put("field", "tags").put("op", "contains").put("value", "a" + spaces + "b");
        cases.add(new Case("segment rule: a tag of 1 MB of spaces", () -> parseRule(spacedTag), () -> parseRule(normalRule)));
        String deep = "[".repeat(MB / 2) + "]".repeat(MB / 2);
        String customer = "{\"firstName\":\"Ann\",\"email\":\"ann@example.com\",\"tags\":[\"vip\"]}";
        cases.add(new Case("JSON body: 512k nested arrays", () -> Json.MAPPER.readTree(deep), () -> Json.MAPPER.readTree(customer)));
        String bigNumber = "{\"n\":" + digits + "}";
        cases.add(new Case("JSON body: a number of 1 MB of digits", () -> Json.MAPPER.readTree(bigNumber),
                () -> Json.MAPPER.readTree("{\"n\":12.5}")));
        ObjectNode unknown = Json.object().put("firstName", "Ann").put("email", "ann@example.com");
        IntStream.range(0, MB / 10).forEach(i -> unknown.put("x" + i, 1));
        JsonNode normalCustomer = json(customer);
        cases.add(new Case("JSON body: 100k unknown fields", () -> CustomerJson.draft(unknown), () -> CustomerJson.draft(normalCustomer)));
        JsonNode longTime = json("{\"orderRef\":\"o-1\",\"total\":1,\"placedAt\":\"2026-01-01T00:00:00Z" + digits.substring(100) + "\"}");
        JsonNode order = json("{\"orderRef\":\"o-1\",\"total\":1,\"placedAt\":\"2026-01-01T00:00:00Z\"}");
        cases.add(new Case("order time: 1 MB of digits", () -> CustomerJson.order(longTime), () -> CustomerJson.order(order)));
        String cursor = Cursors.encode("CUS#01ARZ3NDEKTSV4RRFFQ69G5FAV");
        String longCursor = "A".repeat(MB);
        cases.add(new Case("cursor: 1 MB", () -> Cursors.decode(longCursor, "CUS#"), () -> Cursors.decode(cursor, "CUS#")));
        List<String> longHeader = List.of("E " + " - ".repeat(MB / 3) + " mail", "email", "tags", "covers");
        List<String> headers = List.of("E-mail", "First Name", "tags", "covers");
        cases.add(new Case("import header: 1 MB", () -> HeaderMapping.of(longHeader, 1, COVERS), () -> HeaderMapping.of(headers, 1, COVERS)));
        RowParser rows = new RowParser(HeaderMapping.of(headers, 1, COVERS), COVERS);
        String manyTags = String.join(",", IntStream.range(0, MB / 8).mapToObj(i -> "t" + i).toList());
        cases.add(new Case("import row: a tags cell of 1 MB", () -> rows.parse(List.of("ann@example.com", "Ann", manyTags, "1")),
                () -> rows.parse(List.of("ann@example.com", "Ann", "a | b", "12"))));
        cases.add(new Case("import row: a number of 1 MB of digits", () -> rows.parse(List.of("ann@example.com", "Ann", "", digits)),
                () -> rows.parse(List.of("ann@example.com", "Ann", "", "1 200.5"))));
        byte[] commas = ("email" + ",".repeat(MB) + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder customers = new StringBuilder("email,firstName,lastName,tags\n");
        for (int i = 0; customers.length() < MB; i++) {
            customers.append("customer").append(i).append("@example.com,Ann,Martin,wholesale|vip\n");
        }
        byte[] megabyteOfCustomers = customers.toString().getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("CSV: 1 MB of separators vs 1 MB of customers", () -> new CsvSheetReader().read(commas, (n, cells) -> { }),
                () -> new CsvSheetReader().read(megabyteOfCustomers, (n, cells) -> { }), true));
        String longUrl = "https://shop.example/" + "%".repeat(MB);
        cases.add(new Case("return URL: 1 MB", () -> WalletSettings.isValidReturnUrl(longUrl),
                () -> WalletSettings.isValidReturnUrl("https://shop.example/wallet?from=hubcrm")));
        return cases;
    }

    private static CustomerDraft draft(List<String> tags) {
        return new CustomerDraft(CustomerType.PERSON, "ann@example.com", null, "Ann", null, null, tags, Map.of(), false, null, false);
    }

    private static void normalize(CustomerDraft draft) {
        CustomerRules.normalize(draft);
    }

    private static void parseRule(JsonNode rule) {
        SegmentRuleParser.parse(rule, "rule", Set.of()::contains);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
