package dev.hubcrm.customers;

import java.time.Instant;

/** One move of a customer's status and why: {@code rule:leadToCustomer}, {@code rule:vip}, {@code manual}, {@code bulk}. */
public record StatusChange(CustomerStatus from, CustomerStatus to, String cause, Instant at) {
    public static final String MANUAL = "manual";
    public static final String BULK = "bulk";
}
