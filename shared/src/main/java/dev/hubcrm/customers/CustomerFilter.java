package dev.hubcrm.customers;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.SearchText;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of the customer list. A tag ending in {@code /} matches that tag and its whole
 * subtree ({@code wholesale/} matches {@code wholesale} and {@code wholesale/restaurants}); other
 * tags match exactly. All given filters must hold. {@code segmentId} keeps the members of a segment:
 * membership is materialized as index entries, so it is the prefix a list reads, never checked here.
 * {@code balanceBelow} keeps customers whose wallet balance is below it (minor units); a list reads
 * it from the balance index, so it does not combine with a segment (a segment rule can say
 * {@code balance lt} itself).
 */
public record CustomerFilter(List<String> tags, CustomerStatus status, CustomerType type, String query, String segmentId,
        Long balanceBelow) {
    public static final CustomerFilter NONE = new CustomerFilter(List.of(), null, null, null, null, null);
    public static final int MAX_TAG_FILTERS = 10;
    public static final int MAX_QUERY_LENGTH = 100;
    private static final int MAX_RAW_QUERY_LENGTH = 4 * MAX_QUERY_LENGTH;

    /** Builds a filter from raw list parameters, naming each bad one. */
    public static CustomerFilter of(List<String> tags, String status, String type, String query) {
        List<FieldError> errors = new ArrayList<>();
        List<String> tagFilters = new ArrayList<>();
        if (tags.size() > MAX_TAG_FILTERS) {
            errors.add(new FieldError("tag", "at most " + MAX_TAG_FILTERS + " tag filters"));
        } else {
            for (String raw : tags) {
                boolean subtree = raw.strip().endsWith("/");
                String tag = CustomerRules.normalizeTag(subtree ? raw.strip().substring(0, raw.strip().length() - 1) : raw);
                if (tag == null) {
                    errors.add(new FieldError("tag", "'" + Text.cut(raw, CustomerRules.MAX_TAG_LENGTH) + "' is not a tag or a tag path ending in /"));
                } else {
                    tagFilters.add(subtree ? tag + "/" : tag);
                }
            }
        }
        CustomerStatus parsedStatus = status == null ? null : CustomerStatus.fromWire(status);
        if (status != null && parsedStatus == null) {
            errors.add(new FieldError("status", "must be one of lead, customer, vip"));
        }
        CustomerType parsedType = type == null ? null : CustomerType.fromWire(type);
        if (type != null && parsedType == null) {
            errors.add(new FieldError("type", "must be one of person, company"));
        }
        // Accents fold away, so a query may be longer as sent than as searched; beyond this it cannot fit.
        String q = query == null ? null : query.length() > MAX_RAW_QUERY_LENGTH ? "" : SearchText.fold(query);
        if (q != null && (q.isEmpty() || q.length() > MAX_QUERY_LENGTH)) {
            errors.add(new FieldError("q", "must be 1-" + MAX_QUERY_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new CustomerFilter(List.copyOf(tagFilters), parsedStatus, parsedType, q, null, null);
    }

    /** This filter, restricted to the members of a segment (null: no restriction). */
    public CustomerFilter inSegment(String segment) {
        return new CustomerFilter(tags, status, type, query, segment, balanceBelow).checked();
    }

    /** This filter, also keeping only customers whose balance is below {@code balance}. */
    public CustomerFilter withBalanceBelow(Long balance) {
        return new CustomerFilter(tags, status, type, query, segmentId, balance).checked();
    }

    private CustomerFilter checked() {
        if (segmentId != null && balanceBelow != null) {
            throw ValidationException.of("balanceBelow", "does not combine with segment: add a condition on balance"
                    + " to the segment's rule instead");
        }
        return this;
    }

    public boolean matches(Customer customer) {
        return tags.stream().allMatch(filter -> customer.tags().stream().anyMatch(tag -> tagMatches(filter, tag)))
                && (status == null || status == customer.status())
                && (type == null || type == customer.type())
                && (query == null || CustomerIndex.searchTokens(customer).stream().anyMatch(t -> t.startsWith(query)))
                && (balanceBelow == null || customer.balance() < balanceBelow);
    }

    static boolean tagMatches(String filter, String tag) {
        return filter.endsWith("/")
                ? tag.equals(filter.substring(0, filter.length() - 1)) || tag.startsWith(filter)
                : tag.equals(filter);
    }
}
