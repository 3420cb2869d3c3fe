package dev.hubcrm.imports;

import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one import row (or several rows with the same email) says about a customer: only the cells
 * that hold a value; null and empty mean "not given", so an empty cell never erases anything.
 * {@code fields} values are String, BigDecimal or Boolean, as in {@link CustomerDraft}.
 */
public record ImportedCustomer(
        String email,
        String phone,
        String firstName,
        String lastName,
        String companyName,
        CustomerType type,
        List<String> tags,
        Boolean marketingConsent,
        Map<String, Object> fields) {

    /** A customer of no values: what a new customer starts from. */
    public static final CustomerDraft NEW_CUSTOMER =
            new CustomerDraft(null, null, null, null, null, null, List.of(), Map.of(), false, null, false);

    public ImportedCustomer {
        tags = tags == null ? List.of() : List.copyOf(tags);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** The normalised email that finds the customer to update, or null. */
    public String emailKey() {
        return CustomerRules.emailKey(email);
    }

    /**
     * {@code base} with these values laid over it: given values replace, tags are added to the
     * existing ones, fields are merged name by name, status is left alone. An email that differs
     * from the base's only in case keeps the base's spelling.
     */
    public CustomerDraft over(CustomerDraft base) {
        Map<String, Object> mergedFields = new TreeMap<>(base.fields() == null ? Map.of() : base.fields());
        mergedFields.putAll(fields);
        LinkedHashSet<String> mergedTags = new LinkedHashSet<>(base.tags() == null ? List.of() : base.tags());
        mergedTags.addAll(tags);
        String mergedEmail = email == null || Objects.equals(CustomerRules.emailKey(base.email()), emailKey()) && base.email() != null
                ? base.email() : email;
        return new CustomerDraft(
                type != null ? type : base.type(),
                mergedEmail,
                phone != null ? phone : base.phone(),
                firstName != null ? firstName : base.firstName(),
                lastName != null ? lastName : base.lastName(),
                companyName != null ? companyName : base.companyName(),
                List.copyOf(mergedTags),
                mergedFields,
                marketingConsent != null ? marketingConsent : base.marketingConsent(),
                base.status(),
                base.statusPinned());
    }

    /** A later row of the file with the same email: its values win where it has them (cell by cell), tags add up. */
    public ImportedCustomer then(ImportedCustomer later) {
        Map<String, Object> mergedFields = new TreeMap<>(fields);
        mergedFields.putAll(later.fields);
        LinkedHashSet<String> mergedTags = new LinkedHashSet<>(tags);
        mergedTags.addAll(later.tags);
        return new ImportedCustomer(
                later.email != null ? later.email : email,
                later.phone != null ? later.phone : phone,
                later.firstName != null ? later.firstName : firstName,
                later.lastName != null ? later.lastName : lastName,
                later.companyName != null ? later.companyName : companyName,
                later.type != null ? later.type : type,
                List.copyOf(mergedTags),
                later.marketingConsent != null ? later.marketingConsent : marketingConsent,
                mergedFields);
    }
}
