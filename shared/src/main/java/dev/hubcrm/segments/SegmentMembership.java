package dev.hubcrm.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Parallel;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.http.Json;
import dev.hubcrm.store.Cursors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps segment membership current, in three ways that share one rule: a customer changed (the
 * table's stream), a segment's rule changed (backfill, one page a step), time passed (the refresh
 * of customers whose relative-time conditions crossed a boundary). Each compares the answer before
 * and after and writes only what moved.
 */
public final class SegmentMembership {
    /** Customers evaluated per backfill step: one page of the customer list, far below a function timeout. */
    public static final int BACKFILL_PAGE = PageRequest.MAX_LIMIT;
    /** How far back the refresh looks for due customers: a refresh that did not run for a week still catches up. */
    static final Duration REFRESH_LOOKBACK = Duration.ofDays(7);
    /** The customer list's sort-key prefix: the backfill walks the list as the API does, newest first. */
    private static final String CUSTOMER_LIST_PREFIX = "CUST#";
    private static final int WRITE_PARALLELISM = 16;
    private static final int MAX_CACHED_RULES = 1000;

    private final SegmentRepository repository;
    private final CustomerService customers;
    private final SegmentJoins joins;
    private final Clock clock;
    /** Parsed rules by their JSON: a warm function parses each rule once. */
    private final Map<String, SegmentRule> parsed = new ConcurrentHashMap<>();

    public SegmentMembership(SegmentRepository repository, CustomerService customers, SegmentJoins joins, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.joins = joins;
        this.clock = clock;
    }

    /** The hub's segment rules by segment id: one item read. */
    public Map<String, SegmentRule> rules(String hubId) {
        Map<String, SegmentRule> rules = new LinkedHashMap<>();
        repository.catalogue(hubId).forEach((segmentId, entry) -> rules.put(segmentId, rule(entry.ruleJson())));
        return rules;
    }

    /** What one evaluation wrote: the segments whose membership of the customer changed. */
    public record Outcome(Set<String> joined, Set<String> left) {
        public int touched() {
            return joined.size() + left.size();
        }
    }

    /**
     * Re-evaluates one changed customer against the hub's segments. {@code before} is null for a new
     * customer, {@code after} null for a deleted one. Reads nothing but {@code rules}; writes one
     * membership per segment the customer joined or left, and its refresh entry when that moved.
     */
    public Outcome customerChanged(String hubId, Customer before, Customer after, Map<String, SegmentRule> rules) {
        Instant now = clock.instant();
        Outcome outcome = move(hubId, before, now, after, now, rules);
        Instant dueBefore = before == null ? null : nextBoundary(before, rules.values(), now);
        Instant dueAfter = after == null ? null : nextBoundary(after, rules.values(), now);
        if (dueBefore == null ? dueAfter != null : !dueBefore.equals(dueAfter)) {
            repository.scheduleRefresh(hubId, (after == null ? before : after).id(), dueAfter);
        }
        return outcome;
    }

    /**
     * Writes the memberships whose answer differs between {@code before} evaluated at
     * {@code beforeAt} and {@code after} at {@code afterAt}; either customer may be null (created, deleted).
     */
    private Outcome move(String hubId, Customer before, Instant beforeAt, Customer after, Instant afterAt,
            Map<String, SegmentRule> rules) {
        Set<String> joined = new HashSet<>();
        Set<String> left = new HashSet<>();
        for (Map.Entry<String, SegmentRule> segment : rules.entrySet()) {
            String segmentId = segment.getKey();
            boolean was = before != null && segment.getValue().matches(before, beforeAt);
            boolean is = after != null && segment.getValue().matches(after, afterAt);
            if (is && !was) {
                repository.putMember(hubId, segmentId, after.id(), after.version());
                joins.joined(hubId, segmentId, after.id());
                joined.add(segmentId);
            } else if (was && !is) {
                // A deleted customer (no after) leaves only if it is still deleted when the write lands.
                repository.removeMember(hubId, segmentId, before.id(), after == null ? null : after.version());
                joins.left(hubId, segmentId, before.id());
                left.add(segmentId);
            }
        }
        return new Outcome(joined, left);
    }

    /** Removes the memberships of a deleted segment (its catalogue rule went with it). */
    public void segmentDeleted(String hubId, String segmentId) {
        repository.removeAllMembers(hubId, segmentId);
        joins.segmentDeleted(hubId, segmentId);
    }

    /** Where a segment's backfill stands, as its item (or stream image) says. */
    public record BackfillState(String hubId, String segmentId, long generation, String ruleJson, String lastCustomerId,
            long processed) {
    }

    /**
     * One backfill step: the next page of the hub's customers (newest first) evaluated against the
     * segment's rule, memberships of that id range made to agree (members of an older rule that no
     * longer match leave), and the progress recorded on the segment, which (through the stream)
     * triggers the next step. A step repeated or overtaken by a newer rule records nothing.
     *
     * @return whether the progress was recorded (false: the segment moved on, nothing more to do here)
     */
    public boolean backfillStep(BackfillState state) {
        SegmentRule rule = rule(state.ruleJson());
        // Only a time-dependent rule schedules refreshes, which need every rule of the hub.
        Map<String, SegmentRule> allRules = rule.dependsOnTime() ? rules(state.hubId()) : Map.of();
        String cursor = state.lastCustomerId() == null ? null : Cursors.encode(CUSTOMER_LIST_PREFIX + state.lastCustomerId());
        Page<Customer> page = customers.list(state.hubId(), CustomerFilter.NONE, new PageRequest(BACKFILL_PAGE, cursor));
        boolean last = page.nextCursor() == null;
        String lowest = last || page.items().isEmpty() ? null : page.items().getLast().id();
        Set<String> members = new HashSet<>();
        for (String id : repository.memberIds(state.hubId(), state.segmentId(), lowest, state.lastCustomerId())) {
            if (state.lastCustomerId() == null || id.compareTo(state.lastCustomerId()) < 0) {
                members.add(id);
            }
        }
        Instant now = clock.instant();
        Map<String, Customer> byId = new HashMap<>();
        Set<String> matching = new HashSet<>();
        List<Runnable> writes = new ArrayList<>();
        for (Customer customer : page.items()) {
            byId.put(customer.id(), customer);
            boolean matches = rule.matches(customer, now);
            if (matches) {
                matching.add(customer.id());
            }
            if (matches && !members.contains(customer.id())) {
                writes.add(() -> {
                    repository.putMember(state.hubId(), state.segmentId(), customer.id(), customer.version());
                    joins.joined(state.hubId(), state.segmentId(), customer.id());
                });
            }
            if (rule.dependsOnTime()) {
                Instant due = nextBoundary(customer, allRules.values(), now);
                if (due != null) {
                    writes.add(() -> repository.scheduleRefresh(state.hubId(), customer.id(), due));
                }
            }
        }
        for (String member : members) {
            Customer customer = byId.get(member);
            if (!matching.contains(member)) {
                writes.add(() -> {
                    repository.removeMember(state.hubId(), state.segmentId(), member, customer == null ? null : customer.version());
                    joins.left(state.hubId(), state.segmentId(), member);
                });
            }
        }
        runInParallel(writes);
        return repository.recordProgress(state.hubId(), state.segmentId(), state.generation(), state.lastCustomerId(),
                last ? null : lowest, state.processed() + page.items().size());
    }

    /** What a refresh did. */
    public record RefreshOutcome(int customers, int membershipChanges) {
    }

    /**
     * Re-evaluates the customers whose relative-time conditions crossed a boundary since they were
     * last evaluated, from the refresh index: reads one catalogue per hub and one customer per due
     * entry, never a hub's whole customer list.
     */
    public RefreshOutcome refresh() {
        Instant now = clock.instant();
        Map<String, Map<String, SegmentRule>> rulesByHub = new HashMap<>();
        int changes = 0;
        List<SegmentRepository.Due> due = repository.due(now.minus(REFRESH_LOOKBACK), now);
        for (SegmentRepository.Due entry : due) {
            Map<String, SegmentRule> rules = rulesByHub.computeIfAbsent(entry.hubId(), this::rules);
            Customer customer;
            try {
                customer = customers.get(entry.hubId(), entry.customerId());
            } catch (NotFoundException deleted) {
                repository.scheduleRefresh(entry.hubId(), entry.customerId(), null);
                continue;
            }
            changes += move(entry.hubId(), customer, entry.dueAt(), customer, now, rules).touched();
            repository.scheduleRefresh(entry.hubId(), customer.id(), nextBoundary(customer, rules.values(), now));
        }
        return new RefreshOutcome(due.size(), changes);
    }

    /** The earliest instant, not before {@code now}, at which time alone changes an answer of these rules for the customer. */
    static Instant nextBoundary(Customer customer, Iterable<SegmentRule> rules, Instant now) {
        Instant[] earliest = {null};
        for (SegmentRule rule : rules) {
            rule.boundaries(customer, at -> {
                if (!at.isBefore(now) && (earliest[0] == null || at.isBefore(earliest[0]))) {
                    earliest[0] = at;
                }
            });
        }
        return earliest[0];
    }

    /** A stored rule: valid when it was saved, so custom fields are not checked again (a removed field reads as absent). */
    SegmentRule rule(String ruleJson) {
        SegmentRule rule = parsed.get(ruleJson);
        if (rule == null) {
            try {
                rule = SegmentRuleParser.parse(Json.MAPPER.readTree(ruleJson), "rule", name -> true);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored segment rule is not JSON", e);
            }
            if (parsed.size() >= MAX_CACHED_RULES) {
                parsed.clear();
            }
            parsed.put(ruleJson, rule);
        }
        return rule;
    }

    private static void runInParallel(List<Runnable> writes) {
        Parallel.map(writes, WRITE_PARALLELISM, write -> {
            write.run();
            return null;
        });
    }
}
