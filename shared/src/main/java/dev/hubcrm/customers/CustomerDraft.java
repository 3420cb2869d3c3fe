package dev.hubcrm.customers;

import java.util.List;
import java.util.Map;

/**
 * What a hub may write on a customer: the body of a create, or a customer after a merge patch.
 * {@code fields} values are String, java.math.BigDecimal or Boolean. A {@code status} set by hand
 * pins it; {@code statusPinned: false} hands it back to the hub's rules.
 */
public record CustomerDraft(
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
        boolean statusPinned) {

    /** This draft with marketing consent given or withdrawn (an unsubscribe link withdraws it). */
    public CustomerDraft withMarketingConsent(boolean consent) {
        return new CustomerDraft(type, email, phone, firstName, lastName, companyName, tags, fields, consent, status, statusPinned);
    }

    /** This draft with {@code next} tags (engagement rules add theirs). */
    public CustomerDraft withTags(List<String> next) {
        return new CustomerDraft(type, email, phone, firstName, lastName, companyName, next, fields, marketingConsent, status, statusPinned);
    }
}
