package dev.hubcrm.customers;

import dev.hubcrm.common.SearchText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The index entries that let the customer list filter without a Scan. Each entry is a sort key in
 * the hub's partition ({@code IX#tag#wholesale/restaurants/#cus_...}) written in the same
 * transaction as the customer, so the index is never behind the data. A list query reads the
 * entries under one prefix in order; the other filters are checked on the customers it points to.
 *
 * <p>Tags are stored with a trailing {@code /}, so an exact tag is the prefix {@code tag/#} and a
 * subtree is the prefix {@code tag/}. A customer can sit under one prefix more than once (two tags
 * of one subtree, two name tokens starting alike): {@link #isFirstEntry} keeps only the first.
 */
public final class CustomerIndex {
    static final String PREFIX = "IX#";
    /**
     * Search tokens are cut to the longest query ({@link CustomerFilter#MAX_QUERY_LENGTH}): any
     * query still finds them, and a sort key stays far below DynamoDB's 1024 bytes.
     */
    private static final int MAX_TOKEN_LENGTH = CustomerFilter.MAX_QUERY_LENGTH;
    /** Length of a customer id: "cus_" and a 26-character ULID. */
    private static final int ID_LENGTH = 30;

    private CustomerIndex() {
    }

    /** Every index sort key of the customer. */
    public static Set<String> entries(Customer customer) {
        Set<String> keys = new LinkedHashSet<>();
        for (String tag : customer.tags()) {
            keys.add(entry("tag", tag + "/", customer.id()));
        }
        keys.add(entry("status", customer.status().wire(), customer.id()));
        keys.add(entry("type", customer.type().wire(), customer.id()));
        for (String token : searchTokens(customer)) {
            keys.add(entry("q", token, customer.id()));
        }
        return keys;
    }

    /** Name and email search keys: each name, the full name and the email, without accents. */
    public static Set<String> searchTokens(Customer customer) {
        Set<String> tokens = new TreeSet<>();
        List<String> parts = new ArrayList<>();
        for (String value : new String[] {customer.firstName(), customer.lastName(), customer.companyName(), customer.email()}) {
            if (value != null) {
                parts.add(SearchText.fold(value));
            }
        }
        tokens.addAll(parts);
        if (customer.firstName() != null && customer.lastName() != null) {
            tokens.add(SearchText.fold(customer.firstName() + " " + customer.lastName()));
        }
        tokens.removeIf(String::isEmpty);
        Set<String> capped = new TreeSet<>();
        tokens.forEach(token -> capped.add(token.length() <= MAX_TOKEN_LENGTH ? token
                : token.substring(0, token.offsetByCodePoints(0, token.codePointCount(0, MAX_TOKEN_LENGTH)))));
        return capped;
    }

    /** The sort-key prefix a list query reads for the filter's most selective condition. */
    public static String prefixFor(CustomerFilter filter) {
        // First: membership cannot be checked on a customer in memory, the other filters can.
        if (filter.segmentId() != null) {
            return segmentPrefix(filter.segmentId());
        }
        if (filter.query() != null) {
            return PREFIX + "q#" + filter.query();
        }
        if (!filter.tags().isEmpty()) {
            String tag = filter.tags().get(0);
            return PREFIX + "tag#" + (tag.endsWith("/") ? tag : tag + "/#");
        }
        if (filter.status() != null) {
            return PREFIX + "status#" + filter.status().wire() + "#";
        }
        if (filter.type() != null) {
            return PREFIX + "type#" + filter.type().wire() + "#";
        }
        return null;
    }

    /**
     * The prefix of a segment's membership entries ({@code IX#seg#<segmentId>#<customerId>}). They
     * are written by the segment evaluator, not with the customer: one entry a customer.
     */
    public static String segmentPrefix(String segmentId) {
        return PREFIX + "seg#" + segmentId + "#";
    }

    /** The customer id at the end of an index sort key. */
    public static String customerId(String entry) {
        return entry.substring(entry.length() - ID_LENGTH);
    }

    /**
     * Whether {@code entry} is the first entry of {@code customer} under {@code prefix}, so that a
     * customer reached through several entries is listed once, on every page boundary alike.
     */
    public static boolean isFirstEntry(String entry, Customer customer, String prefix) {
        if (prefix.startsWith(PREFIX + "seg#")) {
            return true;
        }
        Optional<String> first = entries(customer).stream().filter(e -> e.startsWith(prefix)).sorted().findFirst();
        return first.map(entry::equals).orElse(false);
    }

    private static String entry(String facet, String value, String customerId) {
        return PREFIX + facet + "#" + value + "#" + customerId;
    }
}
