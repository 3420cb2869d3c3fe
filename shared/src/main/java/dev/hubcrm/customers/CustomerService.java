package dev.hubcrm.customers;

import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.StatusRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Creating, reading, changing and deleting a hub's customers, and the facts that move their status. */
public final class CustomerService {
    /** Optimistic writes retried this often when another write to the same customer came first. */
    private static final int WRITE_ATTEMPTS = 16;
    /**
     * Orders are retried for this long instead: a shop may report many orders of one customer at
     * once, and an order must land (well inside API Gateway's 29 s).
     */
    private static final Duration ORDER_RETRY_BUDGET = Duration.ofSeconds(10);
    private static final long MAX_ORDER_TOTAL = 1_000_000_000_000L;
    /** Shops report orders as they happen; a date far ahead is a bug in the shop, not an order. */
    private static final Duration MAX_ORDER_CLOCK_SKEW = Duration.ofDays(1);
    /** No shop reports orders from before online shops; older dates are typos (and break time keys). */
    private static final Instant EARLIEST_ORDER = Instant.parse("2000-01-01T00:00:00Z");

    /** The cause recorded when an import changes a customer. */
    public static final String IMPORT_CAUSE = "import";

    private final CustomerRepository repository;
    private final HubService hubs;
    private final Clock clock;

    public CustomerService(CustomerRepository repository, HubService hubs, Clock clock) {
        this.repository = repository;
        this.hubs = hubs;
        this.clock = clock;
    }

    public Customer create(String hubId, CustomerDraft draft) {
        Customer customer = newCustomer(hubs.get(hubId), Ids.newId("cus"), blank -> draft);
        Optional<StatusChange> change = draft.status() != null
                ? Optional.of(new StatusChange(null, customer.status(), StatusChange.MANUAL, customer.createdAt()))
                : Optional.empty();
        repository.create(hubId, customer, change);
        return customer;
    }

    /** What an import did with one customer: the customer as it is now, and whether this call created it. */
    public record Upserted(Customer customer, boolean created) {
    }

    /** The customer who has this email (any case), if any. */
    public Optional<Customer> findByEmail(String hubId, String email) {
        String key = CustomerRules.emailKey(email);
        return key == null ? Optional.empty() : Optional.ofNullable(repository.findByEmails(hubId, List.of(key)).get(key));
    }

    /** The customers who have these emails (any case), by email key ({@link CustomerRules#emailKey}), in batches. */
    public Map<String, Customer> findByEmails(String hubId, Collection<String> emails) {
        return repository.findByEmails(hubId, emails.stream().map(CustomerRules::emailKey).filter(Objects::nonNull).distinct().toList());
    }

    /**
     * Create-or-update by email, safe to repeat (an import row delivered again): applies
     * {@code change} to the customer who has {@code email}, or creates one under {@code newId} from
     * {@code change} applied to a blank draft. A customer under {@code newId} is created at most
     * once, however often this runs; when someone else claims the email first (a concurrent import
     * of the same file, a POST), their customer is updated instead of failing. A change that
     * changes nothing writes nothing.
     *
     * @param knownOwner the customer with this email as the caller last read it (a batch read), or empty
     * @throws ValidationException when the result breaks a rule (a new customer without a name, a required field)
     */
    public Upserted upsertByEmail(String hubId, String email, String newId, Optional<Customer> knownOwner,
            UnaryOperator<CustomerDraft> change) {
        if (!Ids.looksLike("cus", newId)) {
            throw new IllegalArgumentException("not a customer id: " + newId);
        }
        Optional<Customer> owner = knownOwner;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            if (owner.isPresent()) {
                try {
                    Customer merged = mergeInto(hubId, owner.get().id(), change);
                    return new Upserted(merged, merged.id().equals(newId));
                } catch (NotFoundException deleted) {
                    // deleted since it was read: look again below
                }
            } else {
                Customer customer = newCustomer(hubs.get(hubId), newId, change);
                switch (repository.createIfAbsent(hubId, customer)) {
                    case CREATED -> {
                        return new Upserted(customer, true);
                    }
                    case ID_EXISTS -> {
                        // an earlier run of this very row created it
                        return new Upserted(repository.find(hubId, newId).orElse(customer), true);
                    }
                    case EMAIL_TAKEN -> {
                        // someone else claimed the email in the meantime: update theirs
                    }
                }
            }
            owner = findByEmail(hubId, email);
        }
        throw new ContentionException("the customer with this email kept changing; import the row again");
    }

    /**
     * A customer not stored yet, under {@code newId}, from {@code change} applied to a blank draft: a
     * lead unless the change sets a status (which is then pinned).
     *
     * @throws ValidationException when it breaks a rule (no name, a required field of {@code hub})
     */
    public Customer newCustomer(Hub hub, String newId, UnaryOperator<CustomerDraft> change) {
        CustomerDraft draft = change.apply(new CustomerDraft(null, null, null, null, null, null, List.of(), Map.of(),
                false, null, false));
        boolean setByHand = draft.status() != null;
        CustomerDraft valid = CustomerRules.normalize(setByHand ? draft : withStatus(draft, CustomerStatus.LEAD));
        requireFields(hub, valid.fields(), Map.of());
        Instant now = clock.instant();
        return new Customer(newId, valid.type(), valid.email(), valid.phone(), valid.firstName(), valid.lastName(),
                valid.companyName(), valid.tags(), valid.fields(), valid.marketingConsent(), valid.status(),
                setByHand || valid.statusPinned(), 0, 0, null, null, 0, null, Engagements.NONE, now, now, 1);
    }

    /**
     * Stores new customers (from {@link #newCustomer}) many to a write, each unless its id or email
     * is taken: the ids of those stored. A customer left out was not written at all; the caller
     * takes it through {@link #upsertByEmail}, which finds out why.
     */
    public Set<String> createAllIfAbsent(String hubId, List<Customer> customers) {
        return repository.createAllIfAbsent(hubId, customers);
    }

    /** Applies {@code change} to the customer's writable part; writes only when something changes. */
    private Customer mergeInto(String hubId, String customerId, UnaryOperator<CustomerDraft> change) {
        Customer current = get(hubId, customerId);
        if (CustomerRules.normalize(change.apply(current.draft())).equals(current.draft())) {
            return current;
        }
        return update(hubId, customerId, c -> change.apply(c.draft()), ExpectedVersion.ANY, IMPORT_CAUSE);
    }

    /** The customers of these ids, by id; unknown ids are left out. */
    public Map<String, Customer> findAll(String hubId, Collection<String> customerIds) {
        return repository.findAll(hubId, customerIds);
    }

    public Customer get(String hubId, String customerId) {
        if (!Ids.looksLike("cus", customerId)) {
            throw notFound(customerId);
        }
        return repository.find(hubId, customerId).orElseThrow(() -> notFound(customerId));
    }

    /**
     * Applies {@code change} to the current customer and stores the result. A status changed by
     * hand is pinned and recorded with {@code cause}; a status handed back to the rules
     * ({@code statusPinned: false}) is evaluated against them at once.
     *
     * @param expectedVersion the versions the caller saw ({@code If-Match}); {@link ExpectedVersion#ANY}
     *     to apply the change to whatever is current, retrying when a concurrent write came first
     */
    public Customer update(String hubId, String customerId, Function<Customer, CustomerDraft> change,
            ExpectedVersion expectedVersion, String cause) {
        return update(hubs.get(hubId), customerId, change, false, expectedVersion, cause);
    }

    /**
     * {@link #update(String, String, Function, ExpectedVersion, String)} that may also clear the
     * customer's suppression ({@code clearSuppression}: the hub's PATCH with {@code "suppressed": null}),
     * in the same write.
     */
    public Customer update(String hubId, String customerId, Function<Customer, CustomerDraft> change, boolean clearSuppression,
            ExpectedVersion expectedVersion, String cause) {
        return update(hubs.get(hubId), customerId, change, clearSuppression, expectedVersion, cause);
    }

    /** {@link #update(String, String, Function, boolean, ExpectedVersion, String)} for a hub already read (bulk actions). */
    Customer update(Hub hub, String customerId, Function<Customer, CustomerDraft> change, boolean clearSuppression,
            ExpectedVersion expectedVersion, String cause) {
        String hubId = hub.id();
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Customer current = get(hubId, customerId);
            requireVersion(current, expectedVersion);
            CustomerDraft draft = CustomerRules.normalize(change.apply(current));
            requireFields(hub, draft.fields(), current.fields());
            Instant now = clock.instant();
            Customer changed = current.with(draft, now);
            Customer next = clearSuppression ? changed.unsuppressed() : changed;
            Optional<StatusChange> statusChange = next.status() != current.status()
                    ? Optional.of(new StatusChange(current.status(), next.status(), cause, now))
                    : Optional.empty();
            if (current.statusPinned() && !next.statusPinned()) {
                statusChange = StatusPolicy.evaluate(next, hub.statusRules(), window(hubId, next, hub.statusRules(), now), now);
                next = statusChange.map(next::with).orElse(next);
            }
            if (repository.replace(hubId, current, next, statusChange)) {
                return next;
            }
        }
        throw new ContentionException("the customer kept changing; retry in a moment");
    }

    public void delete(String hubId, String customerId, ExpectedVersion expectedVersion) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Customer current = get(hubId, customerId);
            requireVersion(current, expectedVersion);
            if (repository.delete(hubId, current)) {
                return;
            }
        }
        throw new ContentionException("the customer kept changing; retry in a moment");
    }

    public Page<Customer> list(String hubId, CustomerFilter filter, PageRequest page) {
        return repository.list(hubId, filter, page);
    }

    /** Relates two customers of the hub; both sides see it, and it goes when either is deleted. */
    public Relation relate(String hubId, String customerId, Relation.Kind kind, String otherId) {
        List<FieldError> errors = new ArrayList<>();
        if (kind == null) {
            errors.add(new FieldError("kind", "must be one of employee-of, referred-by, linked"));
        }
        if (otherId == null || otherId.equals(customerId)) {
            errors.add(new FieldError("customerId", "is required: the id of another customer of this hub"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        get(hubId, customerId);
        get(hubId, otherId);
        Relation relation = new Relation(customerId, kind, otherId, Relation.Direction.OUTGOING, clock.instant());
        return switch (repository.relate(hubId, relation)) {
            case CREATED -> relation;
            case EXISTS -> throw new ConflictException("these customers are already related this way",
                    new FieldError("customerId", "is already related to this customer as " + kind.wire()));
            case CUSTOMER_MISSING -> throw new NotFoundException("no customer " + Ids.shorten(otherId));
        };
    }

    public Page<Relation> relations(String hubId, String customerId, PageRequest page) {
        get(hubId, customerId);
        return repository.relations(hubId, customerId, page);
    }

    /** The outcome of reporting an order: recorded now, or the same order reported before. */
    public record OrderResult(Order order, Customer customer, boolean firstTime) {
    }

    /**
     * Counts an order once, however often the shop reports it (idempotent by {@code orderRef}),
     * updates the order facts exactly under concurrent orders and applies the hub's status rules.
     */
    public OrderResult recordOrder(String hubId, String customerId, String orderRef, Long total, Instant placedAt) {
        Order order = validOrder(customerId, orderRef, total, placedAt);
        Hub hub = hubs.get(hubId);
        long deadline = System.nanoTime() + ORDER_RETRY_BUDGET.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            Backoff.pause(attempt);
            Customer current = get(hubId, customerId);
            Optional<Order> known = repository.findOrder(hubId, customerId, order.orderRef());
            if (known.isPresent()) {
                return sameOrder(known.get(), order, current);
            }
            Customer counted = current.with(order);
            Optional<StatusChange> change = StatusPolicy.evaluate(counted, hub.statusRules(),
                    window(hubId, counted, hub.statusRules(), order.recordedAt(), order), order.recordedAt());
            Customer next = change.map(counted::with).orElse(counted);
            switch (repository.recordOrder(hubId, current, next, order, change)) {
                case RECORDED -> {
                    return new OrderResult(order, next, true);
                }
                case DUPLICATE_ORDER -> {
                    return sameOrder(repository.findOrder(hubId, customerId, order.orderRef()).orElseThrow(), order,
                            get(hubId, customerId));
                }
                case VERSION_MOVED -> {
                    // another write came first: count again on top of it
                }
            }
        }
        throw new ContentionException("the customer kept changing; retry the order, it is counted once");
    }

    /**
     * Applies the hub's status rules to the customer as stored now, for facts that change outside
     * this service (a wallet top-up makes a lead a customer); answers the move, if any.
     */
    public Optional<StatusChange> applyStatusRules(String hubId, String customerId) {
        Hub hub = hubs.get(hubId);
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Customer current = get(hubId, customerId);
            Instant now = clock.instant();
            Customer touched = current.with(current.draft(), now);
            Optional<StatusChange> change = StatusPolicy.evaluate(touched, hub.statusRules(),
                    window(hubId, touched, hub.statusRules(), now), now);
            if (change.isEmpty() || repository.replace(hubId, current, touched.with(change.get()), change)) {
                return change;
            }
        }
        throw new ContentionException("the customer kept changing; its status is applied on its next change");
    }

    private static CustomerDraft withStatus(CustomerDraft draft, CustomerStatus status) {
        return new CustomerDraft(draft.type(), draft.email(), draft.phone(), draft.firstName(), draft.lastName(),
                draft.companyName(), draft.tags(), draft.fields(), draft.marketingConsent(), status, draft.statusPinned());
    }

    /** The hub, read once for many customers. */
    Hub hub(String hubId) {
        return hubs.get(hubId);
    }

    private static OrderResult sameOrder(Order known, Order reported, Customer customer) {
        if (!known.sameAs(reported)) {
            throw new ConflictException("order " + reported.orderRef() + " was reported before with another total or date",
                    new FieldError("orderRef", "is already used by a different order of this customer"));
        }
        return new OrderResult(known, customer, false);
    }

    /** The orders the VIP rule looks at: within its window, or all time (then the customer's own facts). */
    private OrderWindow window(String hubId, Customer customer, StatusRules rules, Instant now, Order... unsaved) {
        Integer days = rules.vip().withinDays();
        if (!rules.vip().enabled() || days == null) {
            return new OrderWindow(customer.orderCount(), customer.totalSpent());
        }
        Instant since = now.minus(Duration.ofDays(days));
        OrderWindow stored = repository.orderWindow(hubId, customer.id(), since);
        long orders = stored.orders();
        long spent = stored.spent();
        for (Order order : unsaved) {
            if (!order.placedAt().isBefore(since)) {
                orders++;
                spent += order.total();
            }
        }
        return new OrderWindow(orders, spent);
    }

    private Order validOrder(String customerId, String orderRef, Long total, Instant placedAt) {
        List<FieldError> errors = new ArrayList<>();
        Instant now = clock.instant();
        Order.refError(orderRef).ifPresent(errors::add);
        if (total == null || total < 0 || total > MAX_ORDER_TOTAL) {
            errors.add(new FieldError("total", "is required: a whole amount in minor units from 0 to " + MAX_ORDER_TOTAL));
        }
        if (placedAt == null || placedAt.isBefore(EARLIEST_ORDER) || placedAt.isAfter(now.plus(MAX_ORDER_CLOCK_SKEW))) {
            errors.add(new FieldError("placedAt", "is required: an ISO-8601 time from 2000 to now (a day of clock skew allowed)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Order(customerId, orderRef, total, placedAt, now);
    }

    private static void requireFields(Hub hub, Map<String, Object> fields, Map<String, Object> before) {
        List<FieldError> errors = CustomFieldRules.check(fields, before, hub.fields());
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void requireVersion(Customer current, ExpectedVersion expectedVersion) {
        if (!expectedVersion.matches(current.version())) {
            throw new PreconditionFailedException("If-Match does not match the current version of the customer");
        }
    }

    private static NotFoundException notFound(String customerId) {
        return new NotFoundException("no customer " + Ids.shorten(customerId));
    }
}
