package dev.hubcrm.customers;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Parallel;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags and status for many customers at once. Each customer changes in one write or not at all;
 * the answer names the outcome of every id, unknown ones included.
 */
public final class CustomerBulk {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerBulk.class);
    public static final int MAX_IDS = 1000;
    /** Customers changed at the same time: enough to finish 1000 within an API timeout, few enough not to throttle. */
    private static final int PARALLELISM = 16;

    private final CustomerService customers;
    private final Quotas quotas;

    public CustomerBulk(CustomerService customers, Quotas quotas) {
        this.customers = customers;
        this.quotas = quotas;
    }

    /** A valid change counts against the hub's {@link Quota#BULK_CHANGES}, whatever its size. */
    public List<BulkResult> apply(String hubId, BulkChange change) {
        BulkChange valid = validate(change);
        quotas.take(hubId, Quota.BULK_CHANGES);
        List<String> ids = List.copyOf(new LinkedHashSet<>(valid.ids()));
        Hub hub = customers.hub(hubId);
        return Parallel.map(ids, PARALLELISM, id -> applyOne(hub, id, valid));
    }

    private BulkResult applyOne(Hub hub, String id, BulkChange change) {
        try {
            customers.update(hub, id, current -> {
                LinkedHashSet<String> tags = new LinkedHashSet<>(current.tags());
                tags.addAll(change.addTags());
                change.removeTags().forEach(tags::remove);
                CustomerDraft draft = current.draft();
                return new CustomerDraft(draft.type(), draft.email(), draft.phone(), draft.firstName(), draft.lastName(),
                        draft.companyName(), List.copyOf(tags), draft.fields(), draft.marketingConsent(),
                        change.status() == null ? draft.status() : change.status(),
                        draft.statusPinned() || change.status() != null);
            }, false, ExpectedVersion.ANY, StatusChange.BULK);
            return new BulkResult(id, BulkResult.Outcome.UPDATED, List.of());
        } catch (NotFoundException e) {
            return new BulkResult(id, BulkResult.Outcome.NOT_FOUND, List.of());
        } catch (ValidationException e) {
            return new BulkResult(id, BulkResult.Outcome.INVALID, e.errors());
        } catch (ContentionException e) {
            return new BulkResult(id, BulkResult.Outcome.CONFLICT, List.of(new FieldError("id", e.getMessage())));
        } catch (RuntimeException e) {
            // One customer that cannot be changed never fails the others' answer: it is named, to be retried.
            LOG.error("bulk change of one customer failed", entry("hubId", hub.id()), entry("customerId", id), e);
            return new BulkResult(id, BulkResult.Outcome.FAILED,
                    List.of(new FieldError("id", "could not be changed because of an error on our side; retry this id")));
        }
    }

    private static BulkChange validate(BulkChange change) {
        List<FieldError> errors = new ArrayList<>();
        List<String> ids = change.ids() == null ? List.of() : change.ids();
        if (ids.isEmpty() && change.segmentId() == null || ids.size() > MAX_IDS) {
            errors.add(new FieldError("ids", "1 to " + MAX_IDS + " customer ids are required"));
        }
        List<String> add = CustomerRules.tags("addTags", change.addTags(), errors);
        List<String> remove = CustomerRules.tags("removeTags", change.removeTags(), errors);
        if (isEmpty(change.addTags()) && isEmpty(change.removeTags()) && change.status() == null) {
            errors.add(new FieldError("addTags", "say what to do: addTags, removeTags or status"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new BulkChange(ids, add, remove, change.status(), change.segmentId());
    }

    private static boolean isEmpty(List<String> tags) {
        return tags == null || tags.isEmpty();
    }
}
