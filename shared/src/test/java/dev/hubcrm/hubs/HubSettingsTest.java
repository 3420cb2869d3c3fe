package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.FieldDefinition.Type;
import dev.hubcrm.hubs.StatusRules.VipRule;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub's status rules and custom field definitions, through HubService.update on DynamoDB Local. */
class HubSettingsTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private static final String table = dynamo.freshTable();

    private final MutableClock clock = MutableClock.at("2025-03-01T09:00:00Z");
    private HubService hubs;
    private Hub hub;

    @BeforeEach
    void freshHub() {
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        hub = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub();
    }

    private Hub set(StatusRules rules, List<FieldDefinition> fields) {
        return hubs.update(hub.id(), s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), rules, fields, s.wallet(), s.engagementRules()));
    }

    private List<String> refused(StatusRules rules, List<FieldDefinition> fields) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> set(rules, fields));
        assertThat(e).as("a ValidationException").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    private List<String> refusedRules(VipRule vip) {
        return refused(new StatusRules(true, vip), List.of());
    }

    private List<String> refusedFields(FieldDefinition... fields) {
        return refused(StatusRules.DEFAULT, Arrays.asList(fields));
    }

    private static FieldDefinition field(String name, Type type) {
        return new FieldDefinition(name, type, List.of(), false);
    }

    @Test
    void aNewHubHasTheDefaultRulesAndNoFields() {
        assertThat(hub.statusRules()).isEqualTo(StatusRules.DEFAULT);
        assertThat(hub.statusRules().leadToCustomer()).isTrue();
        assertThat(hub.statusRules().vip().enabled()).isFalse();
        assertThat(hub.fields()).isEmpty();
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
    }

    @Test
    void statusRulesAndFieldsRoundTrip() {
        StatusRules rules = new StatusRules(false, new VipRule(true, 50_000L, 10, 365));
        List<FieldDefinition> fields = List.of(
                new FieldDefinition("diet", Type.CHOICE, List.of("vegan", "vegetarian"), false),
                new FieldDefinition("since", Type.DATE, List.of(), true),
                field("shoe", Type.NUMBER),
                field("note", Type.TEXT),
                new FieldDefinition("b2b", Type.BOOLEAN, List.of(), true));

        Hub updated = set(rules, fields);
        assertThat(updated.statusRules()).isEqualTo(rules);
        assertThat(updated.fields()).isEqualTo(fields);
        assertThat(updated.version()).isEqualTo(hub.version() + 1);
        Hub read = hubs.get(hub.id());
        assertThat(read).isEqualTo(updated);
        assertThat(read.statusRules()).isEqualTo(rules);
        assertThat(read.fields()).containsExactlyElementsOf(fields);

        Hub renamed = hubs.update(hub.id(), s -> new HubSettings("Ferme B", s.timezone(), s.senderEmail(), s.statusRules(), s.fields(), s.wallet(), s.engagementRules()));
        assertThat(renamed.statusRules()).as("a change of name keeps the rules").isEqualTo(rules);
        assertThat(hubs.get(hub.id()).fields()).as("and the fields").isEqualTo(fields);
    }

    @Test
    void partialVipRulesRoundTripWithTheirNulls() {
        for (VipRule vip : List.of(new VipRule(true, 1L, null, null), new VipRule(true, null, 3, 30), new VipRule(false, null, null, null),
                new VipRule(false, 10_000L, null, 3660), new VipRule(true, 1_000_000_000_000L, 1_000_000, 1))) {
            StatusRules rules = new StatusRules(true, vip);
            assertThat(set(rules, List.of()).statusRules()).as(vip.toString()).isEqualTo(rules);
            assertThat(hubs.get(hub.id()).statusRules()).as(vip.toString()).isEqualTo(rules);
        }
    }

    @Test
    void fieldsCanBeRemovedAgain() {
        set(StatusRules.DEFAULT, List.of(field("note", Type.TEXT)));
        assertThat(set(StatusRules.DEFAULT, List.of()).fields()).isEmpty();
        assertThat(hubs.get(hub.id()).fields()).isEmpty();
    }

    @Test
    void invalidVipRulesAreNamed() {
        assertThat(refusedRules(new VipRule(true, 0L, null, null))).containsExactly("statusRules.vip.minTotalSpent");
        assertThat(refusedRules(new VipRule(true, -100L, null, 30))).containsExactly("statusRules.vip.minTotalSpent");
        assertThat(refusedRules(new VipRule(false, -1L, null, null))).as("checked even when disabled")
                .containsExactly("statusRules.vip.minTotalSpent");
        assertThat(refusedRules(new VipRule(true, null, 0, null))).containsExactly("statusRules.vip.minOrderCount");
        assertThat(refusedRules(new VipRule(true, 1L, null, 0))).containsExactly("statusRules.vip.withinDays");
        assertThat(refusedRules(new VipRule(true, 1L, null, 3661))).containsExactly("statusRules.vip.withinDays");
        assertThat(refusedRules(new VipRule(true, null, null, null))).as("enabled without a threshold").containsExactly("statusRules.vip");
        assertThat(refusedRules(new VipRule(true, null, null, 30))).containsExactly("statusRules.vip");
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
    }

    @Test
    void invalidFieldDefinitionsAreNamedByPosition() {
        assertThat(refusedFields(field("diet", Type.TEXT), field("diet", Type.NUMBER))).as("duplicate").containsExactly("fields[1].name");
        assertThat(refusedFields(new FieldDefinition("diet", Type.CHOICE, List.of(), false))).containsExactly("fields[0].choices");
        assertThat(refusedFields(new FieldDefinition("diet", Type.CHOICE, null, false))).containsExactly("fields[0].choices");
        assertThat(refusedFields(new FieldDefinition("diet", Type.CHOICE, Arrays.asList("vegan", " "), false)))
                .containsExactly("fields[0].choices");
        assertThat(refusedFields(new FieldDefinition("diet", Type.CHOICE, Arrays.asList("vegan", null), false)))
                .containsExactly("fields[0].choices");
        assertThat(refusedFields(new FieldDefinition("diet", Type.CHOICE, List.of("x".repeat(101)), false)))
                .containsExactly("fields[0].choices");
        assertThat(refusedFields(new FieldDefinition("note", Type.TEXT, List.of("a"), false))).as("choices on a text field")
                .containsExactly("fields[0].choices");
        assertThat(refusedFields(new FieldDefinition("diet", null, List.of(), false))).containsExactly("fields[0].type");
        for (String name : Arrays.asList(null, "", "1st", "a b", "a-b", "é", "x".repeat(65))) {
            assertThat(refusedFields(field(name, Type.TEXT))).as("name '%s'", name).containsExactly("fields[0].name");
        }
        List<FieldDefinition> fiftyOne = IntStream.range(0, 51).mapToObj(i -> field("f" + i, Type.TEXT)).toList();
        assertThat(refused(StatusRules.DEFAULT, fiftyOne)).containsExactly("fields");
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
    }

    @Test
    void everyProblemIsNamedAtOnceAndNothingChanges() {
        List<FieldDefinition> fields = new ArrayList<>();
        fields.add(field("ok", Type.TEXT));
        fields.add(field("ok", Type.TEXT));
        fields.add(new FieldDefinition("kind", Type.CHOICE, List.of(), false));
        fields.add(new FieldDefinition("what", null, List.of(), false));
        assertThat(refused(new StatusRules(true, new VipRule(true, null, null, null)), fields))
                .containsExactlyInAnyOrder("statusRules.vip", "fields[1].name", "fields[2].choices", "fields[3].type");
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
    }

    @Test
    void fiftyFieldsAreAllowed() {
        List<FieldDefinition> fifty = IntStream.range(0, 50).mapToObj(i -> field("f" + i, Type.TEXT)).toList();
        assertThat(set(StatusRules.DEFAULT, fifty).fields()).hasSize(50);
        assertThat(hubs.get(hub.id()).fields()).isEqualTo(fifty);
    }

    private Hub setEngagementRules(List<EngagementRule> rules) {
        return hubs.update(hub.id(), s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), s.statusRules(), s.fields(), s.wallet(), rules));
    }

    @Test
    void engagementRulesRoundTripWithTheirTagsAsTagsAreStored() {
        String winter = "cmp_01J" + "W".repeat(23);
        assertThat(hub.engagementRules()).isEmpty();
        Hub updated = setEngagementRules(List.of(new EngagementRule("opened", null, " Readers / Keen "),
                new EngagementRule("clicked", winter, "winter")));
        List<EngagementRule> stored = List.of(new EngagementRule("opened", null, "readers/keen"), new EngagementRule("clicked", winter, "winter"));
        assertThat(updated.engagementRules()).isEqualTo(stored);
        assertThat(hubs.get(hub.id()).engagementRules()).isEqualTo(stored);
        Hub renamed = hubs.update(hub.id(), s -> new HubSettings("Ferme B", s.timezone(), s.senderEmail(), s.statusRules(), s.fields(),
                s.wallet(), s.engagementRules()));
        assertThat(renamed.engagementRules()).as("a change of name keeps them").isEqualTo(stored);
        assertThat(setEngagementRules(List.of()).engagementRules()).isEmpty();
    }

    @Test
    void invalidEngagementRulesAreNamedByPositionAndCountedFirst() {
        List<EngagementRule> bad = List.of(new EngagementRule("delivered", null, "x"), new EngagementRule("opened", "cmp_1", "x"),
                new EngagementRule("clicked", null, "bad#tag"), new EngagementRule(null, null, null));
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> setEngagementRules(bad));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("engagementRules[0].event",
                "engagementRules[1].campaignId", "engagementRules[2].addTag", "engagementRules[3].event", "engagementRules[3].addTag");
        List<EngagementRule> tooMany = IntStream.range(0, HubService.MAX_ENGAGEMENT_RULES + 1)
                .mapToObj(i -> new EngagementRule("opened", null, "bad#tag")).toList();
        assertThat(catchThrowableOfType(ValidationException.class, () -> setEngagementRules(tooMany)).errors())
                .extracting(FieldError::field).containsExactly("engagementRules");
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
        assertThat(setEngagementRules(tooMany.subList(1, tooMany.size()).stream()
                .map(rule -> new EngagementRule("opened", null, "ok")).toList()).engagementRules()).hasSize(HubService.MAX_ENGAGEMENT_RULES);
    }
}
