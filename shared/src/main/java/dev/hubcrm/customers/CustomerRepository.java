package dev.hubcrm.customers;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Optional;

/** Where customers are kept. Every method acts inside one hub. */
public interface CustomerRepository {

    /** Stores a new customer; a ConflictException when another customer of the hub has its email. */
    void create(String hubId, Customer customer);

    Optional<Customer> find(String hubId, String customerId);

    /**
     * Replaces {@code current} by {@code next} if {@code current} is still the stored version.
     *
     * @return false when another write came first (nothing was written)
     */
    boolean replace(String hubId, Customer current, Customer next);

    /** Deletes {@code current} if it is still the stored version; false when another write came first. */
    boolean delete(String hubId, Customer current);

    Page<Customer> list(String hubId, CustomerFilter filter, PageRequest page);
}
