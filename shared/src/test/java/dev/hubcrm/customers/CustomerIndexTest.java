package dev.hubcrm.customers;

import static dev.hubcrm.customers.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CustomerIndexTest {

    @Test
    void entriesCoverTagsStatusTypeAndSearchTokens() {
        Customer c = customer().firstName("Élodie").lastName("Martin").email("Elo@Example.org")
                .tags("wholesale", "wholesale/restaurants").status(CustomerStatus.CUSTOMER).build();
        String id = c.id();
        assertThat(CustomerIndex.entries(c)).containsExactlyInAnyOrder(
                "IX#tag#wholesale/#" + id,
                "IX#tag#wholesale/restaurants/#" + id,
                "IX#status#customer#" + id,
                "IX#type#person#" + id,
                "IX#q#elodie#" + id,
                "IX#q#martin#" + id,
                "IX#q#elodie martin#" + id,
                "IX#q#elo@example.org#" + id);
    }

    @Test
    void searchTokensAreEachNameTheFullNameAndTheEmailWithoutAccents() {
        assertThat(CustomerIndex.searchTokens(customer().firstName("Zoë").lastName("ÅSTRÖM").companyName("Épicerie Fine")
                .email("Zoe@Shop.example").build()))
                .containsExactlyInAnyOrder("zoe", "astrom", "zoe astrom", "epicerie fine", "zoe@shop.example");
        assertThat(CustomerIndex.searchTokens(customer().lastName("Lee").build())).containsExactly("lee");
        assertThat(CustomerIndex.searchTokens(customer().build())).isEmpty();
        assertThat(CustomerIndex.searchTokens(customer().firstName("Ann").companyName("ann").build()))
                .as("duplicates collapse").containsExactly("ann");
    }

    @Test
    void theCustomerIdIsReadBackFromEveryEntry() {
        Customer c = customer().firstName("A#b").email("a#b@example.org").tags("x/y", "z").build();
        assertThat(CustomerIndex.entries(c)).isNotEmpty()
                .allSatisfy(entry -> assertThat(CustomerIndex.customerId(entry)).isEqualTo(c.id()));
    }

    @Test
    void thePrefixFollowsTheMostSelectiveFilter() {
        assertThat(CustomerIndex.prefixFor(CustomerFilter.NONE)).isNull();
        assertThat(CustomerIndex.prefixFor(CustomerFilter.of(List.of(), null, "company", null))).isEqualTo("IX#type#company#");
        assertThat(CustomerIndex.prefixFor(CustomerFilter.of(List.of(), "vip", "company", null))).isEqualTo("IX#status#vip#");
        assertThat(CustomerIndex.prefixFor(CustomerFilter.of(List.of("Wholesale"), "vip", "company", null)))
                .isEqualTo("IX#tag#wholesale/#");
        assertThat(CustomerIndex.prefixFor(CustomerFilter.of(List.of("wholesale/", "vip"), "vip", null, null)))
                .isEqualTo("IX#tag#wholesale/");
        assertThat(CustomerIndex.prefixFor(CustomerFilter.of(List.of("wholesale/"), "vip", "company", "Élo")))
                .isEqualTo("IX#q#elo");
    }

    @Test
    void anExactTagPrefixDoesNotReachChildrenOrLookalikes() {
        String exact = CustomerIndex.prefixFor(CustomerFilter.of(List.of("wholesale"), null, null, null));
        String subtree = CustomerIndex.prefixFor(CustomerFilter.of(List.of("wholesale/"), null, null, null));
        Customer parent = customer().tags("wholesale").build();
        Customer child = customer().tags("wholesale/restaurants").build();
        Customer lookalike = customer().tags("wholesalers", "wholesale-2", "wholesale.x", "wholesale x").build();

        assertThat(underPrefix(exact, parent, child, lookalike)).containsExactly(parent.id());
        assertThat(underPrefix(subtree, parent, child, lookalike)).containsExactlyInAnyOrder(parent.id(), child.id());
    }

    private static Set<String> underPrefix(String prefix, Customer... customers) {
        return Arrays.stream(customers).filter(c -> CustomerIndex.entries(c).stream().anyMatch(e -> e.startsWith(prefix)))
                .map(Customer::id).collect(Collectors.toSet());
    }

    @Test
    void isFirstEntryPicksTheFirstOfSeveralEntriesUnderOnePrefix() {
        Customer c = customer().firstName("Elodie").lastName("Elodin").email("elodie@example.org")
                .tags("wholesale", "wholesale/restaurants", "wholesale/cafes").build();
        String tagPrefix = "IX#tag#wholesale/";
        List<String> tagEntries = CustomerIndex.entries(c).stream().filter(e -> e.startsWith(tagPrefix)).sorted().toList();
        assertThat(tagEntries).hasSize(3);
        assertThat(tagEntries).filteredOn(e -> CustomerIndex.isFirstEntry(e, c, tagPrefix)).containsExactly(tagEntries.get(0));

        String qPrefix = "IX#q#elod";
        List<String> qEntries = CustomerIndex.entries(c).stream().filter(e -> e.startsWith(qPrefix)).sorted().toList();
        assertThat(qEntries).hasSize(4);
        assertThat(qEntries).filteredOn(e -> CustomerIndex.isFirstEntry(e, c, qPrefix)).hasSize(1);

        assertThat(CustomerIndex.isFirstEntry("IX#tag#retail/#" + c.id(), c, "IX#tag#retail/")).isFalse();
    }

    // ---- property-style checks over generated customers (fixed seeds, so a failure reproduces) ----

    private static final List<String> TAGS = List.of("wholesale", "wholesale/restaurants", "wholesale/restaurants/paris",
            "wholesale/cafes", "wholesalers", "wholesale-old", "retail", "retail/market", "vip", "a", "a/b", "ab", "a b");
    private static final List<String> FIRST = List.of("Élodie", "Elodie", "Éloïse", "Ann", "Anne", "Anna", "Zoë", "Zoe",
            "Jean-Luc", "Jean", "Ñuño", "Ölaf");
    private static final List<String> LAST = List.of("Martin", "Martín", "Martinez", "Lee", "Leroy", "Élo", "Anne");
    private static final List<String> COMPANIES = List.of("Ferme du Bois", "Ferme", "Épicerie Anne", "Annexe", "Elo & Co");

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String maybe(Random random, List<String> values) {
        return random.nextInt(3) == 0 ? null : pick(random, values);
    }

    private static Customer randomCustomer(Random random) {
        TestCustomers c = customer()
                .type(random.nextBoolean() ? CustomerType.PERSON : CustomerType.COMPANY)
                .status(pick(random, List.of(CustomerStatus.values())))
                .firstName(maybe(random, FIRST)).lastName(maybe(random, LAST)).companyName(maybe(random, COMPANIES));
        if (random.nextBoolean()) {
            c.email(pick(random, List.of("ann", "elo", "zoe", "anne.lee", "jean")) + random.nextInt(5) + "@example.org");
        }
        Set<String> tags = new LinkedHashSet<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            tags.add(pick(random, TAGS));
        }
        return c.tags(List.copyOf(tags)).build();
    }

    /** Every filter with one condition that the generated data can hit or nearly hit. */
    private static List<CustomerFilter> singleConditionFilters() {
        List<CustomerFilter> filters = new ArrayList<>();
        for (String tag : TAGS) {
            filters.add(CustomerFilter.of(List.of(tag), null, null, null));
            filters.add(CustomerFilter.of(List.of(tag + "/"), null, null, null));
        }
        filters.add(CustomerFilter.of(List.of("nothing/"), null, null, null));
        for (CustomerStatus status : CustomerStatus.values()) {
            filters.add(CustomerFilter.of(List.of(), status.wire(), null, null));
        }
        for (CustomerType type : CustomerType.values()) {
            filters.add(CustomerFilter.of(List.of(), null, type.wire(), null));
        }
        for (String q : List.of("e", "el", "elo", "Élodie", "elodie m", "ann", "anne", "anne l", "a", "ferme", "ferme du",
                "zoe", "jean-", "jean l", "martin", "nuno", "olaf", "elo0", "elo@", "anne.lee", "x")) {
            filters.add(CustomerFilter.of(List.of(), null, null, q));
        }
        return filters;
    }

    /** DynamoDB orders sort keys by their UTF-8 bytes. */
    private static final Comparator<String> UTF8_ORDER = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    @Test
    void theIndexReachesExactlyTheMatchingCustomersAndEachOnce() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<Customer> customers = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                customers.add(randomCustomer(random));
            }
            Map<String, Customer> byId = new HashMap<>();
            customers.forEach(c -> byId.put(c.id(), c));
            TreeSet<String> table = new TreeSet<>(UTF8_ORDER);
            customers.forEach(c -> table.addAll(CustomerIndex.entries(c)));

            for (CustomerFilter filter : singleConditionFilters()) {
                String prefix = CustomerIndex.prefixFor(filter);
                Set<String> expected = customers.stream().filter(filter::matches).map(Customer::id).collect(Collectors.toSet());
                List<String> underPrefix = table.stream().filter(e -> e.startsWith(prefix)).toList();

                Set<String> reachable = underPrefix.stream().map(CustomerIndex::customerId).collect(Collectors.toSet());
                assertThat(reachable).as("seed %d, filter %s: every match is under prefix %s", seed, filter, prefix)
                        .containsAll(expected);

                List<String> listed = underPrefix.stream()
                        .filter(e -> {
                            Customer c = byId.get(CustomerIndex.customerId(e));
                            return filter.matches(c) && CustomerIndex.isFirstEntry(e, c, prefix);
                        })
                        .map(CustomerIndex::customerId).toList();
                assertThat(listed).as("seed %d, filter %s: each match listed exactly once", seed, filter)
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void pagingThroughTheIndexWithAnyPageSizeListsEachMatchOnce() {
        for (long seed = 100; seed < 120; seed++) {
            Random random = new Random(seed);
            List<Customer> customers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                customers.add(randomCustomer(random));
            }
            Map<String, Customer> byId = new HashMap<>();
            customers.forEach(c -> byId.put(c.id(), c));
            TreeSet<String> table = new TreeSet<>(UTF8_ORDER);
            customers.forEach(c -> table.addAll(CustomerIndex.entries(c)));

            for (CustomerFilter filter : singleConditionFilters()) {
                String prefix = CustomerIndex.prefixFor(filter);
                int pageSize = 1 + random.nextInt(4);
                List<String> seen = new ArrayList<>();
                String cursor = null;
                do {
                    // what DynamoCustomerRepository does: read on after the cursor, keep first entries that match
                    List<String> page = new ArrayList<>();
                    String last = null;
                    for (String entry : cursor == null ? table : table.tailSet(cursor, false)) {
                        if (!entry.startsWith(prefix)) {
                            continue;
                        }
                        Customer c = byId.get(CustomerIndex.customerId(entry));
                        if (filter.matches(c) && CustomerIndex.isFirstEntry(entry, c, prefix)) {
                            page.add(c.id());
                            last = entry;
                            if (page.size() == pageSize) {
                                break;
                            }
                        }
                    }
                    seen.addAll(page);
                    cursor = page.size() == pageSize ? last : null;
                } while (cursor != null);

                Set<String> expected = customers.stream().filter(filter::matches).map(Customer::id).collect(Collectors.toSet());
                assertThat(seen).as("seed %d, filter %s, pages of %d", seed, filter, pageSize)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void isFirstEntryHoldsForExactlyOneEntryPerCustomerUnderAnyPrefix() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            Customer c = randomCustomer(random);
            Set<String> entries = CustomerIndex.entries(c);
            Set<String> prefixes = new HashSet<>();
            for (String entry : entries) {
                String withoutId = entry.substring(0, entry.length() - c.id().length());
                for (int cut = 3; cut <= withoutId.length(); cut++) {
                    prefixes.add(withoutId.substring(0, cut));
                }
            }
            for (String prefix : prefixes) {
                long first = entries.stream().filter(e -> e.startsWith(prefix) && CustomerIndex.isFirstEntry(e, c, prefix)).count();
                assertThat(first).as("customer %s, prefix %s", c, prefix).isEqualTo(1);
            }
            assertThat(entries).noneMatch(e -> CustomerIndex.isFirstEntry(e, c, "IX#nothing#"));
        }
    }
}
