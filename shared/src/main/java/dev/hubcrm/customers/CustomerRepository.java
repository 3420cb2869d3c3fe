package dev.hubcrm.customers;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where customers and their order and status history are kept. Every method acts inside one hub. */
public interface CustomerRepository {

    /** Stores a new customer; a ConflictException when another customer of the hub has its email. */
    void create(String hubId, Customer customer, Optional<StatusChange> statusSet);

    Optional<Customer> find(String hubId, String customerId);

    /** The customers of these ids, by id; absent ones are left out. */
    Map<String, Customer> findAll(String hubId, Collection<String> customerIds);

    /**
     * Replaces {@code current} by {@code next} if {@code current} is still the stored version,
     * recording the status change if there is one.
     *
     * @return false when another write came first (nothing was written)
     */
    boolean replace(String hubId, Customer current, Customer next, Optional<StatusChange> statusChange);

    /** Deletes {@code current} and its history if it is still the stored version; false when another write came first. */
    boolean delete(String hubId, Customer current);

    Page<Customer> list(String hubId, CustomerFilter filter, PageRequest page);

    Optional<Order> findOrder(String hubId, String customerId, String orderRef);

    /** The customer's orders, latest placed first. */
    Page<Order> orders(String hubId, String customerId, PageRequest page);

    /** The customer's status changes, newest first. */
    Page<StatusChange> statusChanges(String hubId, String customerId, PageRequest page);

    /** The customer's orders placed at or after {@code since}. */
    OrderWindow orderWindow(String hubId, String customerId, Instant since);

    enum OrderWrite { RECORDED, DUPLICATE_ORDER, VERSION_MOVED }

    enum RelationWrite { CREATED, EXISTS, CUSTOMER_MISSING }

    /** Stores the relation on both customers, if both still exist. */
    RelationWrite relate(String hubId, Relation relation);

    /** A page of the customer's relations, both directions. */
    Page<Relation> relations(String hubId, String customerId, PageRequest page);

    /** Stores the order and {@code next} (the customer with the order counted) in one write. */
    OrderWrite recordOrder(String hubId, Customer current, Customer next, Order order, Optional<StatusChange> statusChange);

    enum CreateWrite { CREATED, ID_EXISTS, EMAIL_TAKEN }

    /**
     * Stores a new customer under its (caller-chosen) id unless a customer with that id exists:
     * a retried write of the same customer stores it once. Nothing is written unless CREATED.
     */
    CreateWrite createIfAbsent(String hubId, Customer customer);

    /**
     * Stores new customers many to a transaction, each group only if none of its ids and emails is
     * taken: the ids stored. A customer of a group that was refused is not written at all.
     */
    Set<String> createAllIfAbsent(String hubId, List<Customer> customers);

    /** The customers who have these emails, by email key ({@link CustomerRules#emailKey}); absent ones are left out. */
    Map<String, Customer> findByEmails(String hubId, Collection<String> emailKeys);
}
