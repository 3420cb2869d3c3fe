package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.hubs.FieldDefinition;
import dev.hubcrm.hubs.FieldDefinition.Type;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Customer fields against the hub's definitions: types, undefined and required fields, tightened definitions. */
class CustomFieldRulesTest {
    private static final FieldDefinition NOTE = new FieldDefinition("note", Type.TEXT, null, false);
    private static final FieldDefinition SHOE = new FieldDefinition("shoe", Type.NUMBER, null, false);
    private static final FieldDefinition SINCE = new FieldDefinition("since", Type.DATE, null, false);
    private static final FieldDefinition B2B = new FieldDefinition("b2b", Type.BOOLEAN, null, false);
    private static final FieldDefinition DIET = new FieldDefinition("diet", Type.CHOICE, List.of("vegan", "vegetarian"), false);
    private static final List<FieldDefinition> ALL = List.of(NOTE, SHOE, SINCE, B2B, DIET);

    private static List<FieldError> check(Map<String, Object> fields) {
        return CustomFieldRules.check(fields, Map.of(), ALL);
    }

    private static List<String> refused(String name, Object value) {
        return check(Map.of(name, value)).stream().map(FieldError::field).toList();
    }

    @Test
    void aValueOfEveryTypeIsAccepted() {
        Map<String, Object> fields = Map.of("note", "likes cheese", "shoe", new BigDecimal("42.5"), "since", "2024-02-29",
                "b2b", true, "diet", "vegan");
        assertThat(check(fields)).isEmpty();
        assertThat(check(Map.of("diet", "vegetarian", "b2b", false, "shoe", new BigDecimal("-3"), "note", ""))).isEmpty();
        assertThat(check(Map.of())).as("no field is required here").isEmpty();
    }

    @Test
    void textRefusesNumbersAndBooleans() {
        assertThat(refused("note", new BigDecimal("1"))).containsExactly("fields.note");
        assertThat(refused("note", true)).containsExactly("fields.note");
    }

    @Test
    void numberRefusesTextEvenWhenItLooksLikeANumber() {
        assertThat(refused("shoe", "42")).containsExactly("fields.shoe");
        assertThat(refused("shoe", false)).containsExactly("fields.shoe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2023-02-29", "2024-13-01", "2024-1-5", "24-01-05", "05/01/2024", "2024-01-05T10:00:00Z",
            "2024-01-05 ", "", "today"})
    void dateRefusesAnythingButAnIsoCalendarDate(String notADate) {
        assertThat(refused("since", notADate)).as("'%s'", notADate).containsExactly("fields.since");
    }

    @Test
    void dateRefusesNumbersAndBooleans() {
        assertThat(refused("since", new BigDecimal("20240105"))).containsExactly("fields.since");
        assertThat(refused("since", true)).containsExactly("fields.since");
    }

    @Test
    void booleanRefusesTextAndNumbers() {
        assertThat(refused("b2b", "true")).containsExactly("fields.b2b");
        assertThat(refused("b2b", new BigDecimal("1"))).containsExactly("fields.b2b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Vegan", "vegan ", "meat", ""})
    void choiceRefusesAnythingButOneOfItsChoicesExactly(String notAChoice) {
        assertThat(refused("diet", notAChoice)).as("'%s'", notAChoice).containsExactly("fields.diet");
    }

    @Test
    void choiceRefusesNumbersAndBooleans() {
        assertThat(refused("diet", new BigDecimal("1"))).containsExactly("fields.diet");
        assertThat(refused("diet", true)).containsExactly("fields.diet");
    }

    @Test
    void theMessageSaysWhatIsExpected() {
        assertThat(check(Map.of("diet", "meat"))).singleElement().satisfies(e -> assertThat(e.message()).contains("vegan", "vegetarian"));
        assertThat(check(Map.of("since", "soon"))).singleElement().satisfies(e -> assertThat(e.message()).contains("date"));
    }

    @Test
    void aFieldTheHubDoesNotDefineIsRefused() {
        assertThat(refused("colour", "red")).containsExactly("fields.colour");
        assertThat(check(Map.of("Diet", "vegan"))).as("names are case-sensitive").extracting(FieldError::field)
                .containsExactly("fields.Diet");
    }

    @Test
    void aHubWithoutDefinitionsAcceptsAnyField() {
        Map<String, Object> anything = Map.of("colour", "red", "shoe", "forty-two", "since", true, "n", new BigDecimal("7"));
        assertThat(CustomFieldRules.check(anything, Map.of(), List.of())).isEmpty();
        assertThat(CustomFieldRules.check(anything, Map.of("colour", "blue"), List.of())).isEmpty();
    }

    @Test
    void aRequiredFieldMustBePresent() {
        List<FieldDefinition> definitions = List.of(NOTE, new FieldDefinition("since", Type.DATE, null, true));
        assertThat(CustomFieldRules.check(Map.of("note", "x"), Map.of(), definitions)).extracting(FieldError::field)
                .containsExactly("fields.since");
        assertThat(CustomFieldRules.check(Map.of("since", "2024-01-05"), Map.of(), definitions)).isEmpty();
        assertThat(CustomFieldRules.check(Map.of("note", "x"), Map.of("since", "2024-01-05", "note", "x"), definitions))
                .as("removing it on an update").extracting(FieldError::field).containsExactly("fields.since");
        assertThat(CustomFieldRules.check(Map.of("since", "nope"), Map.of(), definitions)).as("present but invalid")
                .extracting(FieldError::field).containsExactly("fields.since");
    }

    @Test
    void everyErrorIsNamedAtOnce() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("note", true);
        fields.put("shoe", "big");
        fields.put("since", "2024-02-30");
        fields.put("b2b", "yes");
        fields.put("diet", "meat");
        fields.put("colour", "red");
        assertThat(check(fields)).extracting(FieldError::field).containsExactlyInAnyOrder(
                "fields.note", "fields.shoe", "fields.since", "fields.b2b", "fields.diet", "fields.colour");
    }

    @Test
    void anUnchangedValueThatNoLongerFitsATightenedDefinitionIsNotRefused() {
        List<FieldDefinition> tightened = List.of(NOTE, new FieldDefinition("diet", Type.CHOICE, List.of("vegan"), false),
                new FieldDefinition("shoe", Type.TEXT, null, false));
        Map<String, Object> before = Map.of("diet", "vegetarian", "shoe", new BigDecimal("42"), "legacy", "kept");
        Map<String, Object> unrelatedEdit = Map.of("diet", "vegetarian", "shoe", new BigDecimal("42"), "legacy", "kept", "note", "new");
        assertThat(CustomFieldRules.check(unrelatedEdit, before, tightened))
                .as("diet no longer a choice, shoe no longer text, legacy no longer defined: all unchanged").isEmpty();

        assertThat(CustomFieldRules.check(Map.of("diet", "pescatarian", "shoe", new BigDecimal("42")), before, tightened))
                .as("a changed value is checked").extracting(FieldError::field).containsExactly("fields.diet");
        assertThat(CustomFieldRules.check(Map.of("shoe", new BigDecimal("43")), before, tightened))
                .extracting(FieldError::field).containsExactly("fields.shoe");
        assertThat(CustomFieldRules.check(Map.of("legacy", "changed"), before, tightened))
                .extracting(FieldError::field).containsExactly("fields.legacy");
        assertThat(CustomFieldRules.check(Map.of("diet", "vegetarian"), Map.of(), tightened))
                .as("the same value on a new customer is checked").extracting(FieldError::field).containsExactly("fields.diet");
    }
}
