package dev.hubcrm.customers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A contact of one hub, with the facts hubcrm keeps about it. {@code balance} (minor units) and
 * {@code lastTopUpAt} are the wallet's, and {@code engagement} what SES reported of campaign mail,
 * kept on the customer item so that one read (and one stream record) carries everything segments evaluate.
 */
public record Customer(
        String id,
        CustomerType type,
        String email,
        String phone,
        String firstName,
        String lastName,
        String companyName,
        List<String> tags,
        Map<String, Object> fields,
        boolean marketingConsent,
        CustomerStatus status,
        boolean statusPinned,
        long orderCount,
        long totalSpent,
        Instant firstOrderAt,
        Instant lastOrderAt,
        long balance,
        Instant lastTopUpAt,
        Engagements engagement,
        Instant createdAt,
        Instant updatedAt,
        long version,
        Suppression suppressed) {

    /** A customer whose address is not suppressed. */
    public Customer(String id, CustomerType type, String email, String phone, String firstName, String lastName,
            String companyName, List<String> tags, Map<String, Object> fields, boolean marketingConsent, CustomerStatus status,
            boolean statusPinned, long orderCount, long totalSpent, Instant firstOrderAt, Instant lastOrderAt, long balance,
            Instant lastTopUpAt, Engagements engagement, Instant createdAt, Instant updatedAt, long version) {
        this(id, type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent, status, statusPinned,
                orderCount, totalSpent, firstOrderAt, lastOrderAt, balance, lastTopUpAt, engagement, createdAt, updatedAt, version,
                null);
    }

    /** The customer's name as people say it: first and last name, else the company; null when it has none. */
    public String displayName() {
        String person = Stream.of(firstName, lastName).filter(Objects::nonNull).collect(Collectors.joining(" "));
        return !person.isEmpty() ? person : companyName;
    }

    public CustomerDraft draft() {
        return new CustomerDraft(type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent,
                status, statusPinned);
    }

    /**
     * This customer with the writable part replaced, one version later; a status changed by hand is
     * pinned, and a draft without a status keeps the current one.
     */
    public Customer with(CustomerDraft draft, Instant now) {
        CustomerStatus next = draft.status() == null ? status : draft.status();
        boolean pinned = next != status || draft.statusPinned();
        return new Customer(id, draft.type(), draft.email(), draft.phone(), draft.firstName(), draft.lastName(),
                draft.companyName(), draft.tags(), draft.fields(), draft.marketingConsent(), next, pinned,
                orderCount, totalSpent, firstOrderAt, lastOrderAt, balance, lastTopUpAt, engagement, createdAt, now, version + 1,
                suppressed);
    }

    /** This customer with its address no longer suppressed (the hub cleared it), in the same write as the rest of the change. */
    public Customer unsuppressed() {
        return new Customer(id, type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent, status,
                statusPinned, orderCount, totalSpent, firstOrderAt, lastOrderAt, balance, lastTopUpAt, engagement, createdAt,
                updatedAt, version, null);
    }

    /** This customer moved to another status by a rule, in the same write (and version) as the change that caused it. */
    public Customer with(StatusChange change) {
        return new Customer(id, type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent,
                change.to(), statusPinned, orderCount, totalSpent, firstOrderAt, lastOrderAt, balance, lastTopUpAt, engagement,
                createdAt, change.at(), version, suppressed);
    }

    /** This customer with one more order counted, one version later. */
    public Customer with(Order order) {
        Instant first = firstOrderAt == null || order.placedAt().isBefore(firstOrderAt) ? order.placedAt() : firstOrderAt;
        Instant last = lastOrderAt == null || order.placedAt().isAfter(lastOrderAt) ? order.placedAt() : lastOrderAt;
        return new Customer(id, type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent,
                status, statusPinned, orderCount + 1, totalSpent + order.total(), first, last, balance, lastTopUpAt, engagement,
                createdAt, order.recordedAt(), version + 1, suppressed);
    }

    /** This customer with {@code next} engagements, in the same write (and version) as the change that carries them. */
    public Customer with(Engagements next) {
        return new Customer(id, type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent,
                status, statusPinned, orderCount, totalSpent, firstOrderAt, lastOrderAt, balance, lastTopUpAt, next, createdAt,
                updatedAt, version, suppressed);
    }

    /** The unique-per-hub key of the email: trimmed and lower case. */
    public String emailKey() {
        return CustomerRules.emailKey(email);
    }
}
