package dev.hubcrm.segments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.Pages;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.hubs.FieldDefinition;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A hub's segments: saving rules, previewing them, and reading the members the evaluator keeps. */
public final class SegmentService {
    /** Segments a hub may have: all their rules share one catalogue item (≤ 400 KB in DynamoDB). */
    public static final int MAX_SEGMENTS = 50;
    /** The largest rule, as compact JSON: 100 conditions fit; 50 of these fit the catalogue. */
    public static final int MAX_RULE_BYTES = 6_000;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int PREVIEW_SAMPLE = 10;
    private static final int WRITE_ATTEMPTS = 8;
    private static final int READ_PAGE = PageRequest.MAX_LIMIT;

    private final SegmentRepository repository;
    private final CustomerService customers;
    private final HubService hubs;
    private final Quotas quotas;
    private final Clock clock;

    public SegmentService(SegmentRepository repository, CustomerService customers, HubService hubs, Quotas quotas, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.hubs = hubs;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** A name and a rule as the API gives them; either may be null in a patch. */
    public record SegmentInput(String name, JsonNode rule) {
    }

    public Segment create(String hubId, SegmentInput input) {
        String name = validName(input.name());
        String rule = validRule(hubId, input.rule()).json();
        Instant now = clock.instant();
        Segment segment = new Segment(Ids.newId("seg"), name, rule, Segment.Status.BUILDING, 1, 0, now, now, 1);
        if (!repository.create(hubId, segment, MAX_SEGMENTS)) {
            throw new ConflictException("this hub has " + MAX_SEGMENTS + " segments, the most it may have",
                    new FieldError("name", "delete a segment before creating another"));
        }
        return segment;
    }

    public Segment get(String hubId, String segmentId) {
        if (!Ids.looksLike("seg", segmentId)) {
            throw notFound(segmentId);
        }
        return repository.find(hubId, segmentId).orElseThrow(() -> notFound(segmentId));
    }

    public Page<Segment> list(String hubId, PageRequest page) {
        return repository.list(hubId, page);
    }

    /** Renames and/or replaces the rule; a new rule rebuilds the membership ({@code building} until done). */
    public Segment update(String hubId, String segmentId, SegmentInput input) {
        String name = input.name() == null ? null : validName(input.name());
        String rule = input.rule() == null ? null : validRule(hubId, input.rule()).json();
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Segment current = get(hubId, segmentId);
            Segment next = current.with(name == null ? current.name() : name, rule == null ? current.ruleJson() : rule,
                    clock.instant());
            if (repository.replace(hubId, current, next)) {
                return next;
            }
        }
        throw new IllegalStateException("segment " + segmentId + " kept changing during " + WRITE_ATTEMPTS + " attempts");
    }

    /** Deletes the segment; its memberships are removed asynchronously (the evaluator sees the delete). */
    public void delete(String hubId, String segmentId) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            if (repository.delete(hubId, get(hubId, segmentId))) {
                return;
            }
        }
        throw new IllegalStateException("segment " + segmentId + " kept changing during " + WRITE_ATTEMPTS + " attempts");
    }

    /** How many customers a rule selects now, and a few of them; nothing is saved. */
    public record Preview(long count, List<Customer> sample) {
    }

    /**
     * Evaluates the rule against every customer of the hub: a paged Query of the hub's customers
     * (never a Scan), proportional to the hub's size, as the answer is; a valid rule counts against
     * the hub's {@link Quota#SEGMENT_PREVIEWS}.
     */
    public Preview preview(String hubId, JsonNode ruleJson) {
        SegmentRule rule = validRule(hubId, ruleJson).rule();
        quotas.take(hubId, Quota.SEGMENT_PREVIEWS);
        Instant now = clock.instant();
        long[] count = {0};
        List<Customer> sample = new ArrayList<>();
        Pages.each(cursor -> customers.list(hubId, CustomerFilter.NONE, new PageRequest(READ_PAGE, cursor)), page -> {
            for (Customer customer : page.items()) {
                if (rule.matches(customer, now)) {
                    count[0]++;
                    if (sample.size() < PREVIEW_SAMPLE) {
                        sample.add(customer);
                    }
                }
            }
            return true;
        });
        return new Preview(count[0], sample);
    }

    /** The filter as given, once its segment (if it names one) is known to be the hub's: a NotFoundException otherwise. */
    public CustomerFilter checked(String hubId, CustomerFilter filter) {
        if (filter.segmentId() != null) {
            get(hubId, filter.segmentId());
        }
        return filter;
    }

    /** A page of the segment's members, as the customer list shows customers, with its other filters. */
    public Page<Customer> members(String hubId, String segmentId, CustomerFilter filter, PageRequest page) {
        get(hubId, segmentId);
        return customers.list(hubId, filter.inSegment(segmentId), page);
    }

    /**
     * The email addresses of the segment's members, one per member who has one, in member order:
     * only those who consented to marketing unless {@code all}.
     */
    public List<String> emails(String hubId, String segmentId, boolean all) {
        get(hubId, segmentId);
        List<String> emails = new ArrayList<>();
        Pages.each(cursor -> customers.list(hubId, CustomerFilter.NONE.inSegment(segmentId), new PageRequest(READ_PAGE, cursor)), page -> {
            page.items().stream().filter(c -> c.email() != null && (all || c.marketingConsent())).forEach(c -> emails.add(c.email()));
            return true;
        });
        return emails;
    }

    /**
     * The ids of the segment's members when there are at most {@code max}; a ValidationException on
     * {@code field} otherwise (a larger segment is changed in pages of ids read from its members).
     */
    public List<String> memberIds(String hubId, String segmentId, int max, String field) {
        Segment segment;
        try {
            segment = get(hubId, segmentId);
        } catch (NotFoundException e) {
            throw ValidationException.of(field, "is not a segment of this hub");
        }
        List<String> ids = new ArrayList<>();
        Pages.each(cursor -> repository.memberIds(hubId, segment.id(), new PageRequest(PageRequest.MAX_LIMIT, cursor)), page -> {
            ids.addAll(page.items());
            return ids.size() <= max;
        });
        if (ids.size() > max) {
            throw ValidationException.of(field, "the segment has more than " + max + " members; change them in pages of ids "
                    + "from GET /v1/segments/" + segment.id() + "/members");
        }
        return ids;
    }

    /** A page of the ids of the segment's members, in id order; an empty last page once the segment is gone. */
    public Page<String> memberIds(String hubId, String segmentId, PageRequest page) {
        return repository.memberIds(hubId, segmentId, page);
    }

    /** A rule that parsed against the hub's custom fields, and its compact JSON as stored. */
    private record ValidRule(SegmentRule rule, String json) {
    }

    /** The size is checked first, so the parser never walks more than {@link #MAX_RULE_BYTES} of rule. */
    private ValidRule validRule(String hubId, JsonNode rule) {
        String json = rule == null ? null : rule.toString();
        if (json != null && json.getBytes(StandardCharsets.UTF_8).length > MAX_RULE_BYTES) {
            throw ValidationException.of("rule", "is larger than " + MAX_RULE_BYTES + " bytes of JSON");
        }
        Set<String> defined = hubs.get(hubId).fields().stream().map(FieldDefinition::name).collect(Collectors.toSet());
        return new ValidRule(SegmentRuleParser.parse(rule, "rule", defined::contains), json);
    }

    private static String validName(String name) {
        String trimmed = name == null ? null : name.strip();
        if (trimmed == null || trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ValidationException.of("name", "is required: 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    private static NotFoundException notFound(String segmentId) {
        return new NotFoundException("no segment " + Ids.shorten(segmentId) + " in this hub");
    }
}
