package dev.hubcrm.customers;

import static dev.hubcrm.customers.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerFilterTest {

    private static CustomerFilter tags(String... tags) {
        return CustomerFilter.of(List.of(tags), null, null, null);
    }

    private static CustomerFilter query(String q) {
        return CustomerFilter.of(List.of(), null, null, q);
    }

    private static List<String> errorFields(Runnable action) {
        ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
        assertThat(e).as("a ValidationException").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void noFilterMatchesEveryone() {
        CustomerFilter none = CustomerFilter.of(List.of(), null, null, null);
        assertThat(none).isEqualTo(CustomerFilter.NONE);
        assertThat(none.matches(customer().firstName("Ann").build())).isTrue();
        assertThat(none.matches(customer().companyName("Co").type(CustomerType.COMPANY).status(CustomerStatus.VIP).build())).isTrue();
    }

    @Test
    void tagFiltersAreNormalisedLikeTags() {
        assertThat(tags(" Wholesale ", "Wholesale / Restaurants", "Épicerie/", " A / B / ").tags())
                .containsExactly("wholesale", "wholesale/restaurants", "épicerie/", "a/b/");
    }

    @Test
    void anExactTagMatchesThatTagOnly() {
        CustomerFilter wholesale = tags("wholesale");
        assertThat(wholesale.matches(customer().tags("wholesale").build())).isTrue();
        assertThat(wholesale.matches(customer().tags("retail", "wholesale").build())).isTrue();
        assertThat(wholesale.matches(customer().tags("wholesale/restaurants").build())).isFalse();
        assertThat(wholesale.matches(customer().tags("wholesalers").build())).isFalse();
        assertThat(wholesale.matches(customer().tags("retail/wholesale").build())).isFalse();
        assertThat(wholesale.matches(customer().build())).isFalse();
    }

    @Test
    void aTagEndingInSlashMatchesItsWholeSubtree() {
        CustomerFilter subtree = tags("wholesale/");
        assertThat(subtree.matches(customer().tags("wholesale").build())).isTrue();
        assertThat(subtree.matches(customer().tags("wholesale/restaurants").build())).isTrue();
        assertThat(subtree.matches(customer().tags("wholesale/restaurants/paris").build())).isTrue();
        assertThat(subtree.matches(customer().tags("wholesalers").build())).isFalse();
        assertThat(subtree.matches(customer().tags("wholesalers/x").build())).isFalse();
        assertThat(subtree.matches(customer().tags("retail/wholesale").build())).isFalse();
        assertThat(subtree.matches(customer().tags("whole").build())).isFalse();
    }

    @Test
    void tagMatchesIsExactOrSubtree() {
        assertThat(CustomerFilter.tagMatches("a/b", "a/b")).isTrue();
        assertThat(CustomerFilter.tagMatches("a/b", "a/b/c")).isFalse();
        assertThat(CustomerFilter.tagMatches("a/b/", "a/b")).isTrue();
        assertThat(CustomerFilter.tagMatches("a/b/", "a/b/c")).isTrue();
        assertThat(CustomerFilter.tagMatches("a/b/", "a/bc")).isFalse();
        assertThat(CustomerFilter.tagMatches("a/b/", "a")).isFalse();
    }

    @Test
    void everyTagFilterMustHold() {
        CustomerFilter both = tags("vip", "wholesale/");
        assertThat(both.matches(customer().tags("vip", "wholesale/restaurants").build())).isTrue();
        assertThat(both.matches(customer().tags("vip").build())).isFalse();
        assertThat(both.matches(customer().tags("wholesale").build())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "/", "//", "a//", "/a", "a#b", "a//b", "bad,tag", "a/#/"})
    void badTagFiltersAreNamed(String raw) {
        assertThat(errorFields(() -> tags(raw))).containsExactly("tag");
    }

    @Test
    void atMostTenTagFilters() {
        String[] ten = IntStream.range(0, 10).mapToObj(i -> "t" + i).toArray(String[]::new);
        assertThat(tags(ten).tags()).hasSize(10);
        String[] eleven = IntStream.range(0, 11).mapToObj(i -> "t" + i).toArray(String[]::new);
        assertThat(errorFields(() -> tags(eleven))).containsExactly("tag");
    }

    @Test
    void statusAndTypeAreParsedFromTheirWireNames() {
        CustomerFilter filter = CustomerFilter.of(List.of(), "vip", "company", null);
        assertThat(filter.status()).isEqualTo(CustomerStatus.VIP);
        assertThat(filter.type()).isEqualTo(CustomerType.COMPANY);
        assertThat(CustomerFilter.of(List.of(), "lead", "person", null))
                .extracting(CustomerFilter::status, CustomerFilter::type)
                .containsExactly(CustomerStatus.LEAD, CustomerType.PERSON);

        assertThat(filter.matches(customer().type(CustomerType.COMPANY).status(CustomerStatus.VIP).build())).isTrue();
        assertThat(filter.matches(customer().type(CustomerType.PERSON).status(CustomerStatus.VIP).build())).isFalse();
        assertThat(filter.matches(customer().type(CustomerType.COMPANY).status(CustomerStatus.CUSTOMER).build())).isFalse();
    }

    @Test
    void unknownStatusAndTypeAreBothNamed() {
        assertThat(errorFields(() -> CustomerFilter.of(List.of(), "gold", "alien", null))).containsExactly("status", "type");
        assertThat(errorFields(() -> CustomerFilter.of(List.of(), "", null, null))).containsExactly("status");
        assertThat(errorFields(() -> CustomerFilter.of(List.of(), null, "people", null))).containsExactly("type");
    }

    @Test
    void everyBadParameterIsNamedAtOnce() {
        assertThat(errorFields(() -> CustomerFilter.of(List.of("ok", "bad#"), "gold", "alien", "  ")))
                .containsExactly("tag", "status", "type", "q");
    }

    @Test
    void theQueryIsLowerCaseWithoutAccents() {
        assertThat(query("  Élodie ").query()).isEqualTo("elodie");
        assertThat(query("ÇA VA").query()).isEqualTo("ca va");
        assertThat(query("Zoë").query()).isEqualTo("zoe");
    }

    @Test
    void lettersWithoutACombiningAccentFoldToo() {
        assertThat(query("Søren").query()).isEqualTo("soren");
        assertThat(query("Łukasz").query()).isEqualTo("lukasz");
        assertThat(query("Straße").query()).isEqualTo("strasse");
        Customer soren = customer().firstName("Søren").lastName("Weiß").companyName("Łąka Ferme").email("soren@example.org").build();
        assertThat(CustomerIndex.searchTokens(soren)).contains("soren", "weiss", "soren weiss", "laka ferme");
        for (String q : List.of("soren", "SØREN", "weiss", "weiß", "laka", "łąka f", "soren w")) {
            assertThat(query(q).matches(soren)).as(q).isTrue();
        }
    }

    @Test
    void theQueryMustBe1To100Characters() {
        assertThat(errorFields(() -> query(""))).containsExactly("q");
        assertThat(errorFields(() -> query("   "))).containsExactly("q");
        assertThat(query("a".repeat(100)).query()).hasSize(100);
        assertThat(errorFields(() -> query("a".repeat(101)))).containsExactly("q");
    }

    @Test
    void theQueryIsAPrefixOfAnyNameTheFullNameOrTheEmailIgnoringAccentsAndCase() {
        Customer elodie = customer().firstName("Élodie").lastName("Martin").email("E.Martin@Example.org").build();
        for (String q : List.of("elo", "Élo", "ELODIE", "élodie", "mart", "elodie m", "Élodie Martin", "e.mar", "e.martin@example.org")) {
            assertThat(query(q).matches(elodie)).as(q).isTrue();
        }
        for (String q : List.of("lodie", "artin", "martin e", "example", "elodie martin x", "z")) {
            assertThat(query(q).matches(elodie)).as(q).isFalse();
        }
        Customer farm = customer().type(CustomerType.COMPANY).companyName("Ferme de l'Étang").build();
        assertThat(query("ferme de l'e").matches(farm)).isTrue();
        assertThat(query("FERME").matches(farm)).isTrue();
        assertThat(query("etang").matches(farm)).isFalse();
    }

    @Test
    void allGivenFiltersMustHold() {
        CustomerFilter filter = CustomerFilter.of(List.of("wholesale/"), "customer", "company", "fer");
        Customer match = customer().type(CustomerType.COMPANY).status(CustomerStatus.CUSTOMER)
                .companyName("Ferme Bio").tags("wholesale/restaurants").build();
        assertThat(filter.matches(match)).isTrue();
        assertThat(filter.matches(customer().type(CustomerType.COMPANY).status(CustomerStatus.CUSTOMER)
                .companyName("Ferme Bio").tags("retail").build())).isFalse();
        assertThat(filter.matches(customer().type(CustomerType.COMPANY).status(CustomerStatus.LEAD)
                .companyName("Ferme Bio").tags("wholesale").build())).isFalse();
        assertThat(filter.matches(customer().type(CustomerType.PERSON).status(CustomerStatus.CUSTOMER)
                .companyName("Ferme Bio").tags("wholesale").build())).isFalse();
        assertThat(filter.matches(customer().type(CustomerType.COMPANY).status(CustomerStatus.CUSTOMER)
                .companyName("Laiterie").tags("wholesale").build())).isFalse();
    }
}
