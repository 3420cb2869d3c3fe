package dev.hubcrm.customers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A contact of one hub, with the facts hubcrm keeps about it. */
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
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public CustomerDraft draft() {
        return new CustomerDraft(type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent);
    }

    /** This customer with the writable part replaced, one version later. */
    public Customer with(CustomerDraft draft, Instant now) {
        return new Customer(id, draft.type(), draft.email(), draft.phone(), draft.firstName(), draft.lastName(),
                draft.companyName(), draft.tags(), draft.fields(), draft.marketingConsent(), status, statusPinned,
                orderCount, totalSpent, firstOrderAt, lastOrderAt, createdAt, now, version + 1);
    }

    /** The unique-per-hub key of the email: trimmed and lower case. */
    public String emailKey() {
        return CustomerRules.emailKey(email);
    }
}
