package dev.hubcrm.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.Engagements;
import dev.hubcrm.http.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule grammar: what parses, what is refused (and named), and what each op answers. */
class SegmentRuleTest {
    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    static final Set<String> HUB_FIELDS = Set.of("region", "size", "vegan", "birthday");

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SegmentRule rule(String text) {
        return SegmentRuleParser.parse(json(text), "rule", HUB_FIELDS::contains);
    }

    static List<FieldError> errors(String text) {
        try {
            rule(text);
        } catch (ValidationException e) {
            return e.errors();
        }
        throw new AssertionError("parsed: " + text);
    }

    static Customer customer(List<String> tags, CustomerStatus status, String email, long orders, long spent,
            Instant lastOrderAt, long balance, Instant lastTopUpAt, Map<String, Object> fields) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new Customer("cus_01JAAAAAAAAAAAAAAAAAAAAAAA", CustomerType.PERSON, email, null, "Ann", null, null, tags, fields,
                true, status, false, orders, spent, lastOrderAt, lastOrderAt, balance, lastTopUpAt, Engagements.NONE, created, created, 3);
    }

    static final Customer ANN = customer(List.of("wholesale/restaurants", "vip"), CustomerStatus.CUSTOMER, "Ann@Example.com",
            4, 12_000, NOW.minus(Duration.ofDays(10)), -500, NOW.minus(Duration.ofDays(40)),
            Map.of("region", "Lyon", "size", new BigDecimal("12"), "vegan", true, "birthday", "1990-05-01"))
            .with(Engagements.NONE.with("delivered", "cmp_01JAAAAAAAAAAAAAAAAAAAAAAA").with("opened", "cmp_01JAAAAAAAAAAAAAAAAAAAAAAA").with("delivered", "cmp_01JBBBBBBBBBBBBBBBBBBBBBBB"));
    static final Customer BLANK = customer(List.of(), CustomerStatus.LEAD, null, 0, 0, null, 0, null, Map.of());

    @ParameterizedTest(name = "{0} → ann {1}, blank {2}")
    @CsvSource(delimiter = '|', value = {
        "{'field':'tags','op':'contains','value':'vip'}                         | true  | false",
        "{'field':'tags','op':'contains','value':'wholesale'}                   | false | false",
        "{'field':'tags','op':'prefix','value':'wholesale'}                     | true  | false",
        "{'field':'tags','op':'prefix','value':'wholesale/'}                    | true  | false",
        "{'field':'tags','op':'prefix','value':'whole'}                         | false | false",
        "{'field':'tags','op':'notContains','value':'vip'}                      | false | true",
        "{'field':'tags','op':'exists'}                                         | true  | false",
        "{'field':'tags','op':'exists','value':false}                           | false | true",
        "{'field':'status','op':'eq','value':'customer'}                        | true  | false",
        "{'field':'status','op':'ne','value':'customer'}                        | false | true",
        "{'field':'type','op':'eq','value':'person'}                            | true  | true",
        "{'field':'email','op':'eq','value':'ann@example.COM'}                  | true  | false",
        "{'field':'email','op':'ne','value':'ann@example.com'}                  | false | true",
        "{'field':'email','op':'contains','value':'@example'}                   | true  | false",
        "{'field':'email','op':'notContains','value':'@example'}                | false | true",
        "{'field':'email','op':'prefix','value':'ANN@'}                         | true  | false",
        "{'field':'email','op':'exists'}                                        | true  | false",
        "{'field':'orderCount','op':'gte','value':4}                            | true  | false",
        "{'field':'orderCount','op':'gt','value':4}                             | false | false",
        "{'field':'orderCount','op':'lt','value':1}                             | false | true",
        "{'field':'orderCount','op':'lte','value':0}                            | false | true",
        "{'field':'totalSpent','op':'eq','value':12000}                         | true  | false",
        "{'field':'totalSpent','op':'ne','value':12000}                         | false | true",
        "{'field':'balance','op':'lt','value':0}                                | true  | false",
        "{'field':'balance','op':'eq','value':0}                                | false | true",
        "{'field':'lastOrderAt','op':'withinDays','value':10}                   | true  | false",
        "{'field':'lastOrderAt','op':'withinDays','value':9}                    | false | false",
        "{'field':'lastOrderAt','op':'olderThanDays','value':9}                 | true  | false",
        "{'field':'lastOrderAt','op':'olderThanDays','value':10}                | false | false",
        "{'field':'lastOrderAt','op':'exists','value':false}                    | false | true",
        "{'field':'lastOrderAt','op':'gt','value':'2026-06-01'}                 | true  | false",
        "{'field':'lastOrderAt','op':'lt','value':'2026-06-01T00:00:00Z'}       | false | false",
        "{'field':'lastOrderAt','op':'ne','value':'2026-06-01'}                 | true  | true",
        "{'field':'lastTopUpAt','op':'olderThanDays','value':30}                | true  | false",
        "{'field':'createdAt','op':'lte','value':'2026-01-01'}                  | true  | true",
        "{'field':'createdAt','op':'withinDays','value':365}                    | true  | true",
        "{'field':'fields.region','op':'eq','value':'lyon'}                     | true  | false",
        "{'field':'fields.region','op':'ne','value':'Paris'}                    | true  | true",
        "{'field':'fields.region','op':'prefix','value':'Ly'}                   | true  | false",
        "{'field':'fields.size','op':'gte','value':12}                          | true  | false",
        "{'field':'fields.size','op':'eq','value':12.0}                         | true  | false",
        "{'field':'fields.size','op':'lt','value':'abc'}                        | false | false",
        "{'field':'fields.vegan','op':'eq','value':true}                        | true  | false",
        "{'field':'fields.vegan','op':'exists'}                                 | true  | false",
        "{'field':'fields.birthday','op':'lt','value':'2000-01-01'}             | true  | false",
        "{'field':'fields.birthday','op':'olderThanDays','value':3650}          | true  | false",
        "{'field':'fields.region','op':'withinDays','value':3}                  | false | false",
        "{'field':'engagement','op':'contains','value':{'event':'opened'}}      | true  | false",
        "{'field':'engagement','op':'eq','value':{'event':'opened'}}            | true  | false",
        "{'field':'engagement','op':'eq','value':{'event':'opened','campaignId':'cmp_01JAAAAAAAAAAAAAAAAAAAAAAA'}} | true | false",
        "{'field':'engagement','op':'eq','value':{'event':'opened','campaignId':'cmp_01JBBBBBBBBBBBBBBBBBBBBBBB'}} | false | false",
        "{'field':'engagement','op':'ne','value':{'event':'opened','campaignId':'cmp_01JBBBBBBBBBBBBBBBBBBBBBBB'}} | true | true",
        "{'field':'engagement','op':'ne','value':{'event':'opened'}}            | false | true",
        "{'field':'engagement','op':'contains','value':{'event':'delivered','campaignId':'cmp_01JBBBBBBBBBBBBBBBBBBBBBBB'}} | true | false",
        "{'field':'engagement','op':'notContains','value':{'event':'clicked','campaignId':'cmp_01JAAAAAAAAAAAAAAAAAAAAAAA'}} | true | true",
        "{'field':'engagement','op':'notContains','value':{'event':'delivered','campaignId':'cmp_01JAAAAAAAAAAAAAAAAAAAAAAA'}} | false | true",
        "{'field':'engagement','op':'contains','value':{'event':'bounced'}}     | false | false",
        "{'all':[{'field':'tags','op':'contains','value':'vip'},{'field':'orderCount','op':'gt','value':3}]} | true | false",
        "{'all':[{'field':'tags','op':'contains','value':'vip'},{'field':'orderCount','op':'gt','value':4}]} | false | false",
        "{'any':[{'field':'tags','op':'contains','value':'nope'},{'field':'status','op':'eq','value':'lead'}]} | false | true",
        "{'not':{'field':'tags','op':'contains','value':'vip'}}                 | false | true",
        "{'not':{'not':{'field':'tags','op':'contains','value':'vip'}}}         | true  | false",
    })
    void evaluates(String rule, boolean ann, boolean blank) {
        assertThat(rule(rule).matches(ANN, NOW)).as("ann").isEqualTo(ann);
        assertThat(rule(rule).matches(BLANK, NOW)).as("blank").isEqualTo(blank);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{'field':'colour','op':'eq','value':'x'}                 | rule.field  | unknown field 'colour'",
        "{'field':'fields.shoe','op':'eq','value':'x'}            | rule.field  | unknown custom field 'shoe'",
        "{'field':'tags','op':'like','value':'x'}                 | rule.op     | unknown op 'like'",
        "{'field':'tags','op':'gt','value':'x'}                   | rule.op     | 'gt' does not apply to tags",
        "{'field':'status','op':'contains','value':'x'}           | rule.op     | 'contains' does not apply to status",
        "{'field':'status','op':'eq','value':'gold'}              | rule.value  | lead, customer, vip",
        "{'field':'type','op':'eq','value':'robot'}               | rule.value  | person, company",
        "{'field':'orderCount','op':'gt','value':'3'}             | rule.value  | whole number",
        "{'field':'orderCount','op':'gt','value':1.5}             | rule.value  | whole number",
        "{'field':'orderCount','op':'gt'}                         | rule.value  | is required",
        "{'field':'lastOrderAt','op':'withinDays','value':0}      | rule.value  | days",
        "{'field':'lastOrderAt','op':'withinDays','value':'7'}    | rule.value  | days",
        "{'field':'lastOrderAt','op':'gt','value':'yesterday'}    | rule.value  | ISO-8601",
        "{'field':'tags','op':'contains','value':'bad#tag'}       | rule.value  | tag",
        "{'field':'tags','op':'exists','value':'yes'}             | rule.value  | true or false",
        "{'field':'email','op':'eq','value':''}                   | rule.value  | text",
        "{'field':'engagement','op':'contains','value':{'event':'read'}} | rule.value.event | unknown event 'read'; events are opened",
        "{'field':'engagement','op':'eq','value':{'event':'complained'}} | rule.value.event | unknown event 'complained'",
        "{'field':'engagement','op':'eq','value':{'event':'opened','campaignId':'cmp_1'}} | rule.value.campaignId | bad campaign id 'cmp_1'",
        "{'field':'engagement','op':'eq','value':{'event':'opened','campaignId':7}} | rule.value.campaignId | bad campaign id '7'",
        "{'field':'engagement','op':'withinDays','value':{'event':'opened'}} | rule.op | 'withinDays' does not apply to engagement",
        "{'field':'engagement','op':'eq','value':'opened'}        | rule.value  | {event, campaignId?}",
        "{'field':'engagement','op':'contains','value':{'event':'opened','when':1}} | rule.value.when | not part",
        "{'field':'tags','op':'exists','extra':1}                 | rule.extra  | not part",
        "{'all':[]}                                               | rule.all    | non-empty",
        "{'all':{}}                                               | rule.all    | non-empty",
        "{'all':[{'field':'tags','op':'exists'}],'any':[]}        | rule.any    | not part",
        "{'all':[{'field':'tags','op':'exists'},{'field':'x','op':'eq','value':1}]} | rule.all[1].field | unknown field 'x'",
        "{'any':[{'not':{'field':'tags','op':'nope'}}]}          | rule.any[0].not.op | unknown op 'nope'",
        "{'name':'x'}                                             | rule        | must be",
        "[]                                                       | rule        | must be an object",
        "null                                                     | rule        | is required",
    })
    void refusesNamingTheBadPart(String rule, String field, String message) {
        assertThat(errors(rule)).anySatisfy(error -> {
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void namesEveryBadPartAtOnce() {
        assertThat(errors("{'all':[{'field':'nope','op':'eq','value':1},{'field':'tags','op':'nope'}]}"))
                .extracting(FieldError::field).containsExactly("rule.all[0].field", "rule.all[1].op");
    }

    @Test
    void boundsDepthToTenLevels() {
        String condition = "{'field':'tags','op':'exists'}";
        assertThat(rule(nested(9, condition)).matches(ANN, NOW)).as("ten levels: nine nots and a condition").isFalse();
        assertThat(errors(nested(10, condition))).extracting(FieldError::field).singleElement().asString()
                .endsWith(".not").contains("rule.not.not");
        assertThat(errors(nested(10, condition)).getFirst().message()).contains("deeper than 10");
    }

    @Test
    void boundsTheRuleToAHundredConditions() {
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            conditions.add("{'field':'orderCount','op':'gte','value':" + i + "}");
        }
        assertThat(rule("{'any':[" + String.join(",", conditions) + "]}").matches(ANN, NOW)).isTrue();
        conditions.add("{'field':'orderCount','op':'gte','value':0}");
        assertThat(errors("{'any':[" + String.join(",", conditions) + "]}"))
                .extracting(FieldError::message).anySatisfy(m -> assertThat(m).contains("at most 100"));
    }

    @Test
    void timeBoundariesAreTheValuePlusTheDays() {
        List<Instant> found = new ArrayList<>();
        rule("{'any':[{'field':'lastOrderAt','op':'withinDays','value':30},{'field':'lastTopUpAt','op':'olderThanDays','value':60},"
                + "{'field':'tags','op':'exists'},{'field':'lastOrderAt','op':'gt','value':'2026-01-01'}]}").boundaries(ANN, found::add);
        assertThat(found).containsExactlyInAnyOrder(ANN.lastOrderAt().plus(Duration.ofDays(30)), ANN.lastTopUpAt().plus(Duration.ofDays(60)));
        List<Instant> none = new ArrayList<>();
        rule("{'field':'lastOrderAt','op':'withinDays','value':30}").boundaries(BLANK, none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void relativeTimeFlipsExactlyAtTheBoundary() {
        SegmentRule within = rule("{'field':'lastOrderAt','op':'withinDays','value':30}");
        SegmentRule older = rule("{'field':'lastOrderAt','op':'olderThanDays','value':30}");
        Instant boundary = ANN.lastOrderAt().plus(Duration.ofDays(30));
        assertThat(within.matches(ANN, boundary)).isTrue();
        assertThat(older.matches(ANN, boundary)).isFalse();
        assertThat(within.matches(ANN, boundary.plusMillis(1))).isFalse();
        assertThat(older.matches(ANN, boundary.plusMillis(1))).isTrue();
        assertThat(within.dependsOnTime()).isTrue();
        assertThat(rule("{'not':{'all':[{'field':'tags','op':'exists'}]}}").dependsOnTime()).isFalse();
    }

    @Test
    void nextBoundaryIsTheEarliestNotInThePast() {
        List<SegmentRule> rules = List.of(rule("{'field':'lastOrderAt','op':'withinDays','value':5}"),
                rule("{'field':'lastOrderAt','op':'withinDays','value':30}"),
                rule("{'field':'lastTopUpAt','op':'olderThanDays','value':45}"));
        assertThat(SegmentMembership.nextBoundary(ANN, rules, NOW)).isEqualTo(ANN.lastTopUpAt().plus(Duration.ofDays(45)));
        assertThat(SegmentMembership.nextBoundary(BLANK, rules, NOW)).isNull();
    }

    @Test
    void refusesAnythingButAValidGrammarInDepth() {
        assertThatThrownBy(() -> rule("{'not':[]}")).isInstanceOf(ValidationException.class);
    }

    private static String nested(int nots, String condition) {
        return "{'not':".repeat(nots) + condition + "}".repeat(nots);
    }
}
