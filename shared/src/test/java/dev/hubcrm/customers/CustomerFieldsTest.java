package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.FieldDefinition;
import dev.hubcrm.hubs.FieldDefinition.Type;
import dev.hubcrm.hubs.StatusRules;
import dev.hubcrm.support.LocalDynamo;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customer custom fields checked against the hub's definitions, through CustomerService on DynamoDB Local. */
class CustomerFieldsTest {
    private static final List<FieldDefinition> DEFINITIONS = List.of(
            new FieldDefinition("diet", Type.CHOICE, List.of("vegan", "vegetarian"), false),
            new FieldDefinition("since", Type.DATE, List.of(), true),
            new FieldDefinition("shoe", Type.NUMBER, List.of(), false),
            new FieldDefinition("note", Type.TEXT, List.of(), false),
            new FieldDefinition("b2b", Type.BOOLEAN, List.of(), false));

    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();

    private CustomerFixture f;
    private String hub;

    @BeforeEach
    void freshHub() {
        f = new CustomerFixture(dynamo);
        hub = f.newHub(StatusRules.DEFAULT, DEFINITIONS);
    }

    private static Drafts ann(Map<String, Object> fields) {
        return Drafts.person().firstName("Ann").email("ann@example.com").fields(fields);
    }

    private List<String> refusedOnCreate(Map<String, Object> fields) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> f.create(hub, ann(fields)));
        assertThat(e).as("a ValidationException for %s", fields).isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    private List<String> refusedOnUpdate(String customerId, Map<String, Object> fields) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> f.customers.update(hub, customerId,
                c -> withFields(c, fields), ExpectedVersion.ANY, StatusChange.MANUAL));
        assertThat(e).as("a ValidationException for %s", fields).isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    private static CustomerDraft withFields(Customer c, Map<String, Object> fields) {
        return new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(), c.lastName(), c.companyName(), c.tags(),
                fields, c.marketingConsent(), c.status(), c.statusPinned());
    }

    private static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
        Map<String, Object> fields = new HashMap<>(base);
        fields.put(name, value);
        return fields;
    }

    private static final Map<String, Object> VALID = Map.of("since", "2024-02-29", "diet", "vegan", "shoe", new BigDecimal("42.5"),
            "note", "likes cheese", "b2b", true);

    @Test
    void validFieldsAreStoredAndReadBack() {
        Customer ann = f.create(hub, ann(VALID));
        Customer read = f.customers.get(hub, ann.id());
        assertThat(read.fields()).containsOnlyKeys("since", "diet", "shoe", "note", "b2b");
        assertThat(read.fields()).containsEntry("since", "2024-02-29").containsEntry("diet", "vegan")
                .containsEntry("note", "likes cheese").containsEntry("b2b", true);
        assertThat((BigDecimal) read.fields().get("shoe")).isEqualByComparingTo("42.5");

        Customer minimal = f.create(hub, Drafts.person().firstName("Bob").email("bob@example.com").fields(Map.of("since", "2020-01-01")));
        assertThat(f.customers.get(hub, minimal.id()).fields()).containsExactly(Map.entry("since", "2020-01-01"));
    }

    @Test
    void eachInvalidFieldIsA422NamingItAndNothingIsStored() {
        assertThat(refusedOnCreate(Map.of("diet", "vegan"))).as("since is required").containsExactly("fields.since");
        assertThat(refusedOnCreate(Map.of())).containsExactly("fields.since");
        assertThat(refusedOnCreate(with(VALID, "diet", "meat"))).containsExactly("fields.diet");
        assertThat(refusedOnCreate(with(VALID, "diet", "Vegan"))).containsExactly("fields.diet");
        assertThat(refusedOnCreate(with(VALID, "since", "2023-02-29"))).containsExactly("fields.since");
        assertThat(refusedOnCreate(with(VALID, "since", "29/02/2024"))).containsExactly("fields.since");
        assertThat(refusedOnCreate(with(VALID, "shoe", "42"))).containsExactly("fields.shoe");
        assertThat(refusedOnCreate(with(VALID, "note", new BigDecimal("1")))).containsExactly("fields.note");
        assertThat(refusedOnCreate(with(VALID, "b2b", "yes"))).containsExactly("fields.b2b");
        assertThat(refusedOnCreate(with(VALID, "colour", "red"))).as("not defined by the hub").containsExactly("fields.colour");

        Map<String, Object> allWrong = Map.of("diet", "meat", "shoe", "big", "b2b", "no", "colour", "red");
        assertThat(refusedOnCreate(allWrong))
                .containsExactlyInAnyOrder("fields.diet", "fields.shoe", "fields.b2b", "fields.colour", "fields.since");

        assertThat(f.keys(hub)).noneMatch(k -> k.startsWith("CUST#") || k.startsWith("EMAIL#") || k.startsWith("IX#"));
    }

    @Test
    void anUpdateChecksTheValuesItChanges() {
        Customer ann = f.create(hub, ann(VALID));
        assertThat(refusedOnUpdate(ann.id(), with(VALID, "diet", "meat"))).containsExactly("fields.diet");
        Map<String, Object> withoutSince = new HashMap<>(VALID);
        withoutSince.remove("since");
        assertThat(refusedOnUpdate(ann.id(), withoutSince)).containsExactly("fields.since");
        assertThat(refusedOnUpdate(ann.id(), with(VALID, "colour", "red"))).containsExactly("fields.colour");
        assertThat(f.customers.get(hub, ann.id())).isEqualTo(ann);

        Customer changed = f.customers.update(hub, ann.id(), c -> withFields(c, with(c.fields(), "diet", "vegetarian")),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(changed.fields()).containsEntry("diet", "vegetarian");
        assertThat(f.customers.get(hub, ann.id()).fields()).containsEntry("diet", "vegetarian");
    }

    @Test
    void aValueThatNoLongerFitsATightenedDefinitionDoesNotBlockOtherEdits() {
        Customer ann = f.create(hub, ann(with(VALID, "diet", "vegetarian")));
        f.setUp(hub, StatusRules.DEFAULT, List.of(
                new FieldDefinition("diet", Type.CHOICE, List.of("vegan"), false),
                new FieldDefinition("since", Type.DATE, List.of(), true),
                new FieldDefinition("shoe", Type.TEXT, List.of(), false)));

        Customer renamed = f.customers.update(hub, ann.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(), "Anna",
                c.lastName(), c.companyName(), c.tags(), c.fields(), c.marketingConsent(), c.status(), c.statusPinned()),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(renamed.firstName()).isEqualTo("Anna");
        assertThat(renamed.fields()).as("kept as they were").containsEntry("diet", "vegetarian").containsKeys("shoe", "note", "b2b");

        assertThat(refusedOnUpdate(ann.id(), with(renamed.fields(), "diet", "pescatarian"))).containsExactly("fields.diet");
        assertThat(f.customers.get(hub, ann.id())).isEqualTo(renamed);
    }

    @Test
    void aHubWithoutDefinitionsTakesAnyFields() {
        String open = f.newHub();
        Customer bob = f.create(open, Drafts.person().firstName("Bob").email("bob@example.com")
                .fields(Map.of("colour", "red", "since", "whenever", "shoe", "big")));
        assertThat(f.customers.get(open, bob.id()).fields()).containsOnlyKeys("colour", "since", "shoe");
    }
}
