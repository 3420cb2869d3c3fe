package dev.hubcrm.customers;

import dev.hubcrm.common.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds stored customers for pure tests: a lead person with a fresh id unless told otherwise. */
final class TestCustomers {
    private String id = Ids.newId("cus");
    private CustomerType type = CustomerType.PERSON;
    private CustomerStatus status = CustomerStatus.LEAD;
    private String email;
    private String firstName;
    private String lastName;
    private String companyName;
    private List<String> tags = List.of();
    private boolean statusPinned;
    private long orderCount;
    private long totalSpent;
    private Map<String, Object> fields = Map.of();

    static TestCustomers customer() {
        return new TestCustomers();
    }

    TestCustomers type(CustomerType value) {
        type = value;
        return this;
    }

    TestCustomers status(CustomerStatus value) {
        status = value;
        return this;
    }

    TestCustomers email(String value) {
        email = value;
        return this;
    }

    TestCustomers firstName(String value) {
        firstName = value;
        return this;
    }

    TestCustomers lastName(String value) {
        lastName = value;
        return this;
    }

    TestCustomers companyName(String value) {
        companyName = value;
        return this;
    }

    TestCustomers tags(String... values) {
        tags = List.of(values);
        return this;
    }

    TestCustomers tags(List<String> values) {
        tags = List.copyOf(values);
        return this;
    }

    TestCustomers pinned(boolean value) {
        statusPinned = value;
        return this;
    }

    TestCustomers fields(Map<String, Object> values) {
        fields = Map.copyOf(values);
        return this;
    }

    /** Order facts: how many orders and what they came to, all time (minor units). */
    TestCustomers orders(long count, long spent) {
        orderCount = count;
        totalSpent = spent;
        return this;
    }

    Customer build() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        return new Customer(id, type, email, null, firstName, lastName, companyName, tags, fields, false,
                status, statusPinned, orderCount, totalSpent, orderCount > 0 ? now : null, orderCount > 0 ? now : null, 0, null,
                Engagements.NONE, now, now, 1);
    }
}
