package dev.hubcrm.customers;

import java.util.List;
import java.util.Map;

/** Builds customer drafts for tests: a valid person by default, changed one field at a time. */
final class Drafts {
    private CustomerType type = CustomerType.PERSON;
    private String email = "ann@example.com";
    private String phone;
    private String firstName = "Ann";
    private String lastName;
    private String companyName;
    private List<String> tags = List.of();
    private Map<String, Object> fields = Map.of();
    private boolean marketingConsent;
    private CustomerStatus status;
    private boolean statusPinned;

    static Drafts person() {
        return new Drafts();
    }

    static Drafts empty() {
        Drafts d = new Drafts();
        d.type = null;
        d.email = null;
        d.firstName = null;
        d.tags = null;
        d.fields = null;
        return d;
    }

    Drafts type(CustomerType value) {
        type = value;
        return this;
    }

    Drafts email(String value) {
        email = value;
        return this;
    }

    Drafts phone(String value) {
        phone = value;
        return this;
    }

    Drafts firstName(String value) {
        firstName = value;
        return this;
    }

    Drafts lastName(String value) {
        lastName = value;
        return this;
    }

    Drafts companyName(String value) {
        companyName = value;
        return this;
    }

    Drafts tags(String... values) {
        tags = List.of(values);
        return this;
    }

    Drafts tags(List<String> values) {
        tags = values;
        return this;
    }

    Drafts fields(Map<String, Object> values) {
        fields = values;
        return this;
    }

    Drafts consent(boolean value) {
        marketingConsent = value;
        return this;
    }

    /** A status set by hand (null: the rules decide, starting at lead). */
    Drafts status(CustomerStatus value) {
        status = value;
        return this;
    }

    Drafts statusPinned(boolean value) {
        statusPinned = value;
        return this;
    }

    CustomerDraft build() {
        return new CustomerDraft(type, email, phone, firstName, lastName, companyName, tags, fields, marketingConsent,
                status, statusPinned);
    }
}
