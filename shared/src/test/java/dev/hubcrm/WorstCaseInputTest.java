package dev.hubcrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomFieldRules;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.FieldDefinition;
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
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every validator of request input fed 1 MB of its worst case: the outcome each must give (a 422
 * naming the field, a 400, or acceptance). Sizes are checked before any regex or loop, so each case
 * is linear; the quadratic versions this replaced would not finish (no timing is asserted).
 */
class WorstCaseInputTest {
    static final int MB = 1 << 20;
    static final String SPACES = " ".repeat(MB);
    static final String SLASHES = " / ".repeat(MB / 3);
    static final String DIGITS = "9".repeat(MB);

    @Test
    void aTagOfAMegabyteOfSpacesOrSlashesIsRefusedByName() {
        assertThat(customerErrors(draft(List.of("a" + SPACES + "b")))).containsExactly("tags[0]");
        assertThat(customerErrors(draft(List.of("ok", "a" + SLASHES + "b")))).containsExactly("tags[1]");
        assertThat(CustomerRules.normalizeTag("a" + SPACES + "/" + SPACES + "b")).isNull();
    }

    @Test
    void spacesAroundSlashesStillCollapseInANormalTag() {
        assertThat(CustomerRules.normalizeTag("  Wholesale \t/  Restaurants ")).isEqualTo("wholesale/restaurants");
        assertThat(CustomerRules.normalizeTag("a / b / c")).isEqualTo("a/b/c");
        assertThat(CustomerRules.normalizeTag("a b")).isEqualTo("a b");
        assertThat(CustomerRules.normalizeTag("a//b")).isNull();
    }

    @Test
    void moreTagsThanTheCapAreRefusedBeforeAnyIsRead() {
        assertThat(customerErrors(draft(Collections.nCopies(MB / 8, "a" + SPACES.substring(0, 200) + "b")))).containsExactly("tags");
        assertThat(customerErrors(draft(Collections.nCopies(CustomerRules.MAX_TAGS_AS_SENT + 1, "same")))).containsExactly("tags");
        assertThat(CustomerRules.normalize(draft(Collections.nCopies(CustomerRules.MAX_TAGS_AS_SENT, "same"))).tags()).containsExactly("same");
    }

    @Test
    void longEmailsPhonesNamesAndFieldsAreRefusedByName() {
        assertThat(customerErrors(new CustomerDraft(CustomerType.PERSON, "a@" + "a.".repeat(MB / 2) + "!", null, "Ann",
                null, null, List.of(), Map.of(), false, null, false))).containsExactly("email");
        assertThat(customerErrors(new CustomerDraft(CustomerType.PERSON, "a".repeat(MB) + "@" + "b".repeat(MB) + ".c", null,
                "Ann", null, null, List.of(), Map.of(), false, null, false))).containsExactly("email");
        assertThat(customerErrors(new CustomerDraft(CustomerType.PERSON, null, "+" + DIGITS, "Ann", null, null, List.of(),
                Map.of(), false, null, false))).containsExactly("phone");
        assertThat(customerErrors(new CustomerDraft(CustomerType.PERSON, "ann@example.com", null, "A".repeat(MB), null, null,
                List.of(), Map.of(), false, null, false))).containsExactly("firstName");
        assertThat(customerErrors(new CustomerDraft(CustomerType.PERSON, "ann@example.com", null, "Ann", null, null, List.of(),
                Map.of("note", "x".repeat(MB)), false, null, false))).containsExactly("fields.note");
    }

    @Test
    void moreCustomFieldsThanTheCapAreRefusedBeforeAnyIsRead() {
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < MB / 16; i++) {
            many.put("f" + i + "!", "x");
        }
        assertThat(customerErrors(new CustomerDraft(CustomerType.PERSON, "ann@example.com", null, "Ann", null, null, List.of(),
                many, false, null, false))).containsExactly("fields");
    }

    @Test
    void customFieldDatesAndChoicesOfAMegabyteAreRefusedByName() {
        List<FieldDefinition> definitions = List.of(new FieldDefinition("birthday", FieldDefinition.Type.DATE, List.of(), false),
                new FieldDefinition("tier", FieldDefinition.Type.CHOICE, List.of("gold", "silver"), false));
        assertThat(CustomFieldRules.check(Map.of("birthday", "2026-01-01" + DIGITS, "tier", "gold" + SPACES), Map.of(), definitions))
                .extracting(FieldError::field).containsExactlyInAnyOrder("fields.birthday", "fields.tier");
        assertThat(CustomFieldRules.check(Map.of("birthday", "2026-01-31", "tier", "gold"), Map.of(), definitions)).isEmpty();
    }

    @Test
    void listFiltersOfAMegabyteAreRefusedByName() {
        assertThat(filterErrors(() -> CustomerFilter.of(List.of("a" + SPACES + "/"), null, null, null))).containsExactly("tag");
        assertThat(filterErrors(() -> CustomerFilter.of(Collections.nCopies(MB / 2, "a"), null, null, null))).containsExactly("tag");
        assertThat(filterErrors(() -> CustomerFilter.of(List.of(), "lead" + SPACES, "person" + SPACES, "e\u0301".repeat(MB / 2))))
                .containsExactly("status", "type", "q");
        ValidationException quoted = catchThrowableOfType(ValidationException.class,
                () -> CustomerFilter.of(List.of("!" + SPACES), null, null, null));
        assertThat(quoted.errors().get(0).message()).hasSizeLessThan(200);
    }

    @Test
    void segmentRulesOfAMegabyteAreRefusedByPathBeforeTheyAreWalked() {
        ArrayNode wide = Json.MAPPER.createArrayNode();
        for (int i = 0; i < MB / 40; i++) {
            wide.addObject().put("field", "tags").put("op", "contains").put("value", "a");
        }
        assertThat(ruleErrors(Json.object().set("all", wide))).containsExactly("rule.all");
        ObjectNode manyKeys = Json.object();
        for (int i = 0; i < MB / 8; i++) {
            manyKeys.put("k" + i, 1);
        }
        assertThat(ruleErrors(manyKeys)).containsExactly("rule");
        assertThat(ruleErrors(condition("tags", "contains", "a" + SPACES + "b"))).containsExactly("rule.value");
        assertThat(ruleErrors(condition("tags", "prefix", "a" + SLASHES + "/"))).containsExactly("rule.value");
        assertThat(ruleErrors(condition("createdAt", "gt", "2026-01-01" + DIGITS))).containsExactly("rule.value");
        assertThat(ruleErrors(condition("email", "contains", "x".repeat(MB)))).containsExactly("rule.value");
        assertThat(ruleErrors(condition("engagement", "contains", null).set("value", manyKeys))).containsExactly("rule.value");
        ObjectNode deep = condition("tags", "exists", null);
        for (int i = 0; i < MB / 8; i++) {
            deep = Json.object().set("not", deep);
        }
        assertThat(ruleErrors(deep)).singleElement().asString().startsWith("rule.not.not.not.not.not.not.not.not.not.not");
    }

    @Test
    void jsonBeyondTheParserLimitsIsA400NotAWalk() {
        assertThatThrownBy(() -> Json.MAPPER.readTree("[".repeat(MB) + "]".repeat(MB))).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"n\":" + DIGITS + "}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"n\":0." + DIGITS + "}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> Json.MAPPER.readTree("\"" + "x".repeat(MB + 1) + "\"")).isInstanceOf(JacksonException.class);
    }

    @Test
    void aTimeOfAMegabyteIsRefusedByName() throws Exception {
        JsonNode order = Json.MAPPER.readTree("{\"orderRef\":\"o-1\",\"total\":1,\"placedAt\":\"2026-01-01T00:00:00Z" + DIGITS.substring(100) + "\"}");
        assertThat(errorsOf(() -> CustomerJson.order(order))).containsExactly("placedAt");
    }

    @Test
    void aMegabyteOfUnknownFieldsAnswersTheFirstHundredAndTheCount() {
        ObjectNode body = Json.object().put("firstName", "Ann").put("email", "ann@example.com");
        for (int i = 0; i < MB / 10; i++) {
            body.put("x" + i, 1);
        }
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> CustomerJson.draft(body));
        assertThat(e.errors()).hasSize(ValidationException.MAX_LISTED).first().extracting(FieldError::field).isEqualTo("x0");
        assertThat(e.count()).isEqualTo(MB / 10);
    }

    @Test
    void aCursorOfAMegabyteIsRefusedByName() {
        assertThat(errorsOf(() -> Cursors.decode("A".repeat(MB), "CUS#"))).containsExactly("cursor");
        assertThat(errorsOf(() -> Cursors.decode("!".repeat(MB), "CUS#"))).containsExactly("cursor");
    }

    @Test
    void importHeadersAndCellsOfAMegabyteAreIgnoredOrRefusedByName() {
        HeaderMapping mapping = HeaderMapping.of(List.of("E " + " - ".repeat(MB / 3) + " mail", "email", "tags", "covers"), 1,
                List.of(new FieldDefinition("covers", FieldDefinition.Type.NUMBER, List.of(), false)));
        assertThat(mapping.columns()).extracting(HeaderMapping.Column::name).containsExactly("email", "tags", "fields.covers");
        assertThat(mapping.ignored()).singleElement().asString().hasSize(100);
        List<FieldDefinition> covers = List.of(new FieldDefinition("covers", FieldDefinition.Type.NUMBER, List.of(), false));
        RowParser rows = new RowParser(mapping, covers);
        String distinctTags = String.join(",", IntStream.range(0, MB / 8).mapToObj(i -> "t" + i).toList());
        assertThat(errorsOf(() -> rows.parse(List.of("", "ann@example.com", distinctTags, "")))).containsExactly("tags");
        assertThat(errorsOf(() -> rows.parse(List.of("", "ann@example.com", "a" + SPACES + "b", "")))).containsExactly("tags[0]");
        assertThat(errorsOf(() -> rows.parse(List.of("", "ann@example.com", "", DIGITS)))).containsExactly("fields.covers");
        assertThat(rows.parse(List.of("", "ann@example.com", "a | b", "1 200.5")).fields()).containsEntry("covers", new BigDecimal("1200.5"));
    }

    @Test
    void csvFilesOfAMegabyteOfSeparatorsOrQuotesParseInOnePass() {
        List<List<String>> rows = new ArrayList<>();
        new CsvSheetReader().read(("email" + ",".repeat(MB) + "\n").getBytes(StandardCharsets.UTF_8), (n, cells) -> rows.add(cells));
        assertThat(rows).singleElement().satisfies(cells -> assertThat(cells).hasSize(MB + 1));
        assertThat(errorsOf(() -> new CsvSheetReader().read(("\"" + "x".repeat(MB)).getBytes(StandardCharsets.UTF_8), (n, cells) -> { })))
                .containsExactly("file");
    }

    @Test
    void aReturnUrlOfAMegabyteIsRefused() {
        assertThat(WalletSettings.isValidReturnUrl("https://" + "a.".repeat(MB / 2) + "com/")).isFalse();
        assertThat(WalletSettings.isValidReturnUrl("https://shop.example/" + "%".repeat(MB))).isFalse();
    }

    private static CustomerDraft draft(List<String> tags) {
        return new CustomerDraft(CustomerType.PERSON, "ann@example.com", null, "Ann", null, null, tags, Map.of(), false, null, false);
    }

    private static ObjectNode condition(String field, String op, String value) {
        ObjectNode condition = Json.object().put("field", field).put("op", op);
        return value == null ? condition : condition.put("value", value);
    }

    private static List<String> customerErrors(CustomerDraft draft) {
        return errorsOf(() -> CustomerRules.normalize(draft));
    }

    private static List<String> filterErrors(Supplier<CustomerFilter> filter) {
        return errorsOf(filter::get);
    }

    private static List<String> ruleErrors(JsonNode rule) {
        return errorsOf(() -> SegmentRuleParser.parse(rule, "rule", Set.of()::contains));
    }

    /** The fields a ValidationException names; fails when the call is accepted. */
    private static List<String> errorsOf(Runnable call) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call::run);
        assertThat(e).as("a 422").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }
}
