package dev.hubcrm.customers;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Parallel;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * Tags and status for many customers at once. Each customer changes in one write or not at all;
 * the answer names the outcome of every id, unknown ones included.
 */
public final class CustomerBulk {
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
            }, OptionalLong.empty(), StatusChange.BULK);
            return new BulkResult(id, BulkResult.Outcome.UPDATED, List.of());
        } catch (NotFoundException e) {
            return new BulkResult(id, BulkResult.Outcome.NOT_FOUND, List.of());
        } catch (ValidationException e) {
            return new BulkResult(id, BulkResult.Outcome.INVALID, e.errors());
        } catch (PreconditionFailedException e) {
            return new BulkResult(id, BulkResult.Outcome.CONFLICT, List.of(new FieldError("id", e.getMessage())));
        }
    }

    private static BulkChange validate(BulkChange change) {
        List<FieldError> errors = new ArrayList<>();
        List<String> ids = change.ids() == null ? List.of() : change.ids();
        if (ids.isEmpty() && change.segmentId() == null || ids.size() > MAX_IDS) {
            errors.add(new FieldError("ids", "1 to " + MAX_IDS + " customer ids are required"));
        }
        List<String> add = tags("addTags", change.addTags(), errors);
        List<String> remove = tags("removeTags", change.removeTags(), errors);
        if (add.isEmpty() && remove.isEmpty() && change.status() == null) {
            errors.add(new FieldError("addTags", "say what to do: addTags, removeTags or status"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new BulkChange(ids, add, remove, change.status(), change.segmentId());
    }

    private static List<String> tags(String field, List<String> tags, List<FieldError> errors) {
        List<String> normalized = new ArrayList<>();
        List<String> given = tags == null ? List.of() : tags;
        for (int i = 0; i < given.size(); i++) {
            String tag = CustomerRules.normalizeTag(given.get(i));
            if (tag == null) {
                errors.add(new FieldError(field + "[" + i + "]", "is not a tag"));
            } else {
                normalized.add(tag);
            }
        }
        return normalized;
    }
}
