package dev.hubcrm.customers;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Function;

/** Creating, reading, changing and deleting a hub's customers. */
public final class CustomerService {
    /** Optimistic writes retried this often when another write to the same customer came first. */
    private static final int WRITE_ATTEMPTS = 5;

    private final CustomerRepository repository;
    private final Clock clock;

    public CustomerService(CustomerRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Customer create(String hubId, CustomerDraft draft) {
        CustomerDraft valid = CustomerRules.normalize(draft);
        Instant now = clock.instant();
        Customer customer = new Customer(Ids.newId("cus"), valid.type(), valid.email(), valid.phone(),
                valid.firstName(), valid.lastName(), valid.companyName(), valid.tags(), valid.fields(),
                valid.marketingConsent(), CustomerStatus.LEAD, false, 0, 0, null, null, now, now, 1);
        repository.create(hubId, customer);
        return customer;
    }

    public Customer get(String hubId, String customerId) {
        if (!Ids.looksLike("cus", customerId)) {
            throw notFound(customerId);
        }
        return repository.find(hubId, customerId).orElseThrow(() -> notFound(customerId));
    }

    /**
     * Applies {@code change} to the current customer and stores the result.
     *
     * @param expectedVersion the version the caller saw ({@code If-Match}); empty to apply the change
     *     to whatever is current, retrying when a concurrent write came first
     */
    public Customer update(String hubId, String customerId, Function<Customer, CustomerDraft> change,
            OptionalLong expectedVersion) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Customer current = get(hubId, customerId);
            requireVersion(current, expectedVersion);
            Customer next = current.with(CustomerRules.normalize(change.apply(current)), clock.instant());
            if (repository.replace(hubId, current, next)) {
                return next;
            }
        }
        throw new PreconditionFailedException("the customer kept changing; read it again and retry");
    }

    public void delete(String hubId, String customerId, OptionalLong expectedVersion) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Customer current = get(hubId, customerId);
            requireVersion(current, expectedVersion);
            if (repository.delete(hubId, current)) {
                return;
            }
        }
        throw new PreconditionFailedException("the customer kept changing; read it again and retry");
    }

    public Page<Customer> list(String hubId, CustomerFilter filter, PageRequest page) {
        return repository.list(hubId, filter, page);
    }

    private static void requireVersion(Customer current, OptionalLong expectedVersion) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
            throw new PreconditionFailedException("If-Match does not match the current version of the customer");
        }
    }

    private static NotFoundException notFound(String customerId) {
        return new NotFoundException("no customer " + Ids.shorten(customerId));
    }
}
