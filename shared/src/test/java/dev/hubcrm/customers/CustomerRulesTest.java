package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerRulesTest {

    private static List<String> errorFields(Drafts draft) {
        CustomerDraft built = draft.build();
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> CustomerRules.normalize(built));
        assertThat(e).as("normalize(%s) throws a ValidationException", built).isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aValidDraftIsTrimmedAndKeepsEverythingElse() {
        CustomerDraft valid = CustomerRules.normalize(Drafts.empty()
                .firstName("  Ann ").lastName(" Lee\t").companyName("  ")
                .email("  Ann.Lee@Example.COM ").phone(" +33 6 12 34 56 78 ")
                .fields(Map.of("shoeSize", new BigDecimal("42"))).consent(true).build());

        assertThat(valid.type()).isEqualTo(CustomerType.PERSON);
        assertThat(valid.firstName()).isEqualTo("Ann");
        assertThat(valid.lastName()).isEqualTo("Lee");
        assertThat(valid.companyName()).as("a blank name is no name").isNull();
        assertThat(valid.email()).as("trimmed, case kept for display").isEqualTo("Ann.Lee@Example.COM");
        assertThat(valid.phone()).isEqualTo("+33 6 12 34 56 78");
        assertThat(valid.tags()).isEmpty();
        assertThat(valid.fields()).containsExactly(Map.entry("shoeSize", new BigDecimal("42")));
        assertThat(valid.marketingConsent()).isTrue();
    }

    @Test
    void theEmailKeyIsTrimmedAndLowerCase() {
        assertThat(CustomerRules.emailKey("  Ann.Lee@Example.COM ")).isEqualTo("ann.lee@example.com");
        assertThat(CustomerRules.emailKey(null)).isNull();
    }

    @Nested
    class Names {
        @Test
        void oneOfFirstLastOrCompanyNameIsEnough() {
            assertThat(CustomerRules.normalize(Drafts.person().firstName("Ann").build()).firstName()).isEqualTo("Ann");
            assertThat(CustomerRules.normalize(Drafts.person().firstName(null).lastName("Lee").build()).lastName()).isEqualTo("Lee");
            assertThat(CustomerRules.normalize(Drafts.person().firstName(null).companyName("Ferme du Bois").build())
                    .companyName()).isEqualTo("Ferme du Bois");
        }

        @Test
        void withoutAnyNameThePersonIsRefusedOnFirstName() {
            assertThat(errorFields(Drafts.person().firstName(null))).containsExactly("firstName");
            assertThat(errorFields(Drafts.person().firstName(" ").lastName("\t").companyName("")))
                    .as("blank names are missing names").containsExactly("firstName");
        }

        @Test
        void withoutAnyNameTheCompanyIsRefusedOnCompanyName() {
            assertThat(errorFields(Drafts.person().type(CustomerType.COMPANY).firstName(null))).containsExactly("companyName");
        }

        @Test
        void namesAreAtMost100Characters() {
            String hundred = "a".repeat(100);
            assertThat(CustomerRules.normalize(Drafts.person().firstName(hundred).lastName(hundred).companyName(hundred)
                    .build()).firstName()).hasSize(100);
            assertThat(errorFields(Drafts.person().firstName(hundred + "b"))).containsExactly("firstName");
            assertThat(errorFields(Drafts.person().lastName(hundred + "b"))).containsExactly("lastName");
            assertThat(errorFields(Drafts.person().companyName(hundred + "b"))).containsExactly("companyName");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Ann\u0000", "A\nnn", "Ann\u0007Lee", "Ann\u007f", "Ann\u0085Lee", "Ann\u001bLee"})
        void controlCharactersAreRefused(String name) {
            assertThat(errorFields(Drafts.person().firstName(name))).containsExactly("firstName");
            assertThat(errorFields(Drafts.person().lastName(name))).containsExactly("lastName");
            assertThat(errorFields(Drafts.person().companyName(name))).containsExactly("companyName");
        }

        @Test
        void lettersOfEveryScriptAreFine() {
            CustomerDraft valid = CustomerRules.normalize(Drafts.person().firstName("Élodie").lastName("Ñúñez-O'Brien 张").build());
            assertThat(valid.firstName()).isEqualTo("Élodie");
            assertThat(valid.lastName()).isEqualTo("Ñúñez-O'Brien 张");
        }
    }

    @Nested
    class Contact {
        @Test
        void anEmailOrAPhoneIsRequired() {
            assertThat(errorFields(Drafts.person().email(null).phone(null))).containsExactly("email");
            assertThat(errorFields(Drafts.person().email("  ").phone(" "))).containsExactly("email");
            assertThat(CustomerRules.normalize(Drafts.person().email(null).phone("0612345678").build()).phone())
                    .isEqualTo("0612345678");
            assertThat(CustomerRules.normalize(Drafts.person().email("a@example.org").phone(null).build()).email())
                    .isEqualTo("a@example.org");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ann@example.com", "ann.lee+shop@mail.example.co.uk", "A_B-c@ex-ample.io", "élodie@exemple.fr"})
        void validEmails(String email) {
            assertThat(CustomerRules.normalize(Drafts.person().email(email).build()).email()).isEqualTo(email);
        }

        @ParameterizedTest
        @ValueSource(strings = {"ann", "ann@", "@example.com", "ann@example", "ann@example.c", "ann@@example.com",
                "ann lee@example.com", "ann@exa mple.com", "\"ann\"@example.com", "ann@example.com,bob@example.com",
                "<ann@example.com>", "ann@example.com\nBcc: x@evil.com"})
        void invalidEmails(String email) {
            assertThat(errorFields(Drafts.person().email(email))).containsExactly("email");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ann\u0000@example.com", "an\u0007n@example.com", "ann@exam\u0001ple.com", "ann\u0085@example.com"})
        void emailsWithControlCharactersAreRefused(String email) {
            assertThat(errorFields(Drafts.person().email(email))).containsExactly("email");
        }

        @Test
        void emailsAreAtMost254Characters() {
            String domain = "@example.com";
            String fits = "a".repeat(254 - domain.length()) + domain;
            assertThat(CustomerRules.normalize(Drafts.person().email(fits).build()).email()).hasSize(254);
            assertThat(errorFields(Drafts.person().email("a" + fits))).containsExactly("email");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0612345678", "+33 6 12 34 56 78", "(555) 123-4567", "06.12.34.56.78", "12345"})
        void validPhones(String phone) {
            assertThat(CustomerRules.normalize(Drafts.person().email(null).phone(phone).build()).phone()).isEqualTo(phone);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1234", "12-34", "+1 (2) 3", "phone me", "0612345678 ext 5", "++33612345678",
                "06\u00a012345678", "+33 6 12 34 56 78 90 12 34 5", "-----....."})
        void invalidPhones(String phone) {
            assertThat(errorFields(Drafts.person().email(null).phone(phone))).containsExactly("phone");
        }
    }

    @Nested
    class Tags {
        @Test
        void tagsAreTrimmedLowerCasedJoinedAndDedupedInOrder() {
            CustomerDraft valid = CustomerRules.normalize(Drafts.person()
                    .tags(" Wholesale ", "a / b", "VIP", "vip", "wholesale", "Wholesale / Restaurants", "A/B", "Bio  Local").build());
            assertThat(valid.tags()).containsExactly("wholesale", "a/b", "vip", "wholesale/restaurants", "bio  local");
        }

        @Test
        void normalizeTagAnswersNullForWhatCannotBeATag() {
            assertThat(CustomerRules.normalizeTag(" Épicerie / Fine ")).isEqualTo("épicerie/fine");
            assertThat(CustomerRules.normalizeTag("x-1.2_3")).isEqualTo("x-1.2_3");
            assertThat(CustomerRules.normalizeTag(null)).isNull();
            for (String bad : List.of("", " ", "/", "a/", "/a", "a//b", "a/ /b", "#", "a#b", "a,b", "-a", "a/.b", "a\u0000")) {
                assertThat(CustomerRules.normalizeTag(bad)).as("'%s'", bad).isNull();
            }
        }

        @Test
        void invalidTagsAreNamedByTheirIndex() {
            assertThat(errorFields(Drafts.person().tags("ok", "bad#tag", "fine", "", "a//b", "trailing/")))
                    .containsExactly("tags[1]", "tags[3]", "tags[4]", "tags[5]");
        }

        @Test
        void aTagIsAtMost64CharactersOnceNormalised() {
            String sixtyFour = "a".repeat(30) + "/" + "b".repeat(33);
            assertThat(CustomerRules.normalize(Drafts.person().tags(" " + sixtyFour.replace("/", " / ") + " ").build()).tags())
                    .containsExactly(sixtyFour);
            assertThat(errorFields(Drafts.person().tags(sixtyFour + "c"))).containsExactly("tags[0]");
        }

        @Test
        void atMost40DistinctTags() {
            List<String> forty = IntStream.range(0, 40).mapToObj(i -> "tag" + i).toList();
            assertThat(CustomerRules.normalize(Drafts.person().tags(forty).build()).tags()).hasSize(40);

            List<String> fortyOne = new ArrayList<>(forty);
            fortyOne.add("tag40");
            assertThat(errorFields(Drafts.person().tags(fortyOne))).containsExactly("tags");

            List<String> fortyAfterDedup = new ArrayList<>(forty);
            fortyAfterDedup.add("TAG0");
            fortyAfterDedup.add(" tag39 ");
            assertThat(CustomerRules.normalize(Drafts.person().tags(fortyAfterDedup).build()).tags())
                    .as("duplicates do not count").hasSize(40);
        }

        @Test
        void absentTagsAreNoTags() {
            assertThat(CustomerRules.normalize(Drafts.person().tags((List<String>) null).build()).tags()).isEmpty();
        }
    }

    @Nested
    class Fields {
        @Test
        void stringsNumbersAndBooleansAreKeptAndNullsDropped() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("note", "likes cheese");
            fields.put("shoe_size", new BigDecimal("42.5"));
            fields.put("B2b", true);
            fields.put("gone", null);
            CustomerDraft valid = CustomerRules.normalize(Drafts.person().fields(fields).build());
            assertThat(valid.fields()).containsOnly(Map.entry("note", "likes cheese"),
                    Map.entry("shoe_size", new BigDecimal("42.5")), Map.entry("B2b", true));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1st", "_x", "a-b", "a b", "a.b", "", "é", "x#y"})
        void fieldNamesAreALetterThenLettersDigitsOrUnderscore(String name) {
            assertThat(errorFields(Drafts.person().fields(Map.of(name, "v")))).containsExactly("fields." + name);
        }

        @Test
        void fieldNamesAreAtMost64Characters() {
            String sixtyFour = "f" + "x".repeat(63);
            assertThat(CustomerRules.normalize(Drafts.person().fields(Map.of(sixtyFour, "v")).build()).fields()).containsKey(sixtyFour);
            assertThat(errorFields(Drafts.person().fields(Map.of(sixtyFour + "x", "v")))).containsExactly("fields." + sixtyFour + "x");
        }

        @Test
        void otherValueTypesAreRefused() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("list", List.of("a"));
            fields.put("map", Map.of("a", "b"));
            fields.put("int", 3);
            fields.put("ok", "fine");
            assertThat(errorFields(Drafts.person().fields(fields))).containsExactly("fields.list", "fields.map", "fields.int");
        }

        @Test
        void numbersMustFitWhatTheStoreCanHold() {
            // DynamoDB numbers: at most 38 significant digits, magnitude from 1E-130 to below 1E126
            Map<String, Object> fine = new LinkedHashMap<>();
            fine.put("big", new BigDecimal("9.9999999999999999999999999999999999999E+125"));
            fine.put("small", new BigDecimal("-1E-130"));
            fine.put("precise", new BigDecimal("1234567890.1234567890123456789012345678"));
            fine.put("zero", new BigDecimal("0.000"));
            fine.put("trailingZeros", new BigDecimal("25.000000000000000000000000000000000000000000"));
            assertThat(CustomerRules.normalize(Drafts.person().fields(fine).build()).fields()).hasSize(5);

            Map<String, Object> bad = new LinkedHashMap<>();
            bad.put("huge", new BigDecimal("1E+200"));
            bad.put("tiny", new BigDecimal("1E-200"));
            bad.put("tooPrecise", new BigDecimal("3.14159265358979323846264338327950288419716939937510"));
            assertThat(errorFields(Drafts.person().fields(bad))).containsExactly("fields.huge", "fields.tiny", "fields.tooPrecise");
        }

        @Test
        void textValuesAreAtMost1000Characters() {
            assertThat(CustomerRules.normalize(Drafts.person().fields(Map.of("bio", "x".repeat(1000))).build()).fields())
                    .containsKey("bio");
            assertThat(errorFields(Drafts.person().fields(Map.of("bio", "x".repeat(1001))))).containsExactly("fields.bio");
        }

        @Test
        void atMost50Fields() {
            Map<String, Object> fifty = new HashMap<>();
            IntStream.range(0, 50).forEach(i -> fifty.put("f" + i, "v"));
            assertThat(CustomerRules.normalize(Drafts.person().fields(fifty).build()).fields()).hasSize(50);
            Map<String, Object> fiftyOne = new HashMap<>(fifty);
            fiftyOne.put("f50", "v");
            assertThat(errorFields(Drafts.person().fields(fiftyOne))).containsExactly("fields");
        }
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("9lives", "x");
        fields.put("ok", "fine");
        fields.put("bio", "y".repeat(1001));
        Drafts draft = Drafts.person().type(CustomerType.COMPANY).firstName(null).lastName("L".repeat(101))
                .email("not-an-email").phone("call me").tags("good", "bad#", "also good", "/").fields(fields);

        assertThat(errorFields(draft)).containsExactlyInAnyOrder(
                "lastName", "email", "phone", "tags[1]", "tags[3]", "fields.9lives", "fields.bio");

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> CustomerRules.normalize(draft.build()));
        assertThat(e.errors()).allSatisfy(error -> assertThat(error.message()).isNotBlank());
        assertThat(e.getMessage()).isEqualTo("7 fields are invalid");
    }

    @Test
    void missingNameAndContactAreReportedTogether() {
        assertThat(errorFields(Drafts.empty())).containsExactlyInAnyOrder("firstName", "email");
    }

    @Test
    void normalizingIsIdempotent() {
        CustomerDraft once = CustomerRules.normalize(Drafts.person().firstName(" Zoë ").email(" Z@Example.org ")
                .tags("A / B", "c").fields(Map.of("x", Boolean.FALSE)).build());
        assertThat(CustomerRules.normalize(once)).isEqualTo(once);
        assertThat(once.tags()).containsExactly("a/b", "c");
    }
}
