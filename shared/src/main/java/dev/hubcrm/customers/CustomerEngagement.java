package dev.hubcrm.customers;

import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.hubs.EngagementRule;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Engagement with campaign mail on the customer: the event joins the customer's {@link Engagements}
 * and the hub's engagement rules add their tags, in one versioned write of the customer (with its
 * tag index entries, like any tag change), once per customer, campaign and event: a customer who
 * has that engagement already is not written again, so a repeated event adds nothing.
 */
public final class CustomerEngagement {
    private static final int WRITE_ATTEMPTS = 16;

    private final CustomerRepository repository;
    private final HubService hubs;
    private final Clock clock;

    public CustomerEngagement(CustomerRepository repository, HubService hubs, Clock clock) {
        this.repository = repository;
        this.hubs = hubs;
        this.clock = clock;
    }

    /** What recording one engagement did. */
    public enum Outcome {
        RECORDED,
        /** The customer had it already: nothing written. */
        REPEATED,
        /** Not an engagement segments read (a complaint), or the customer is gone. */
        IGNORED
    }

    /**
     * Records that the customer had {@code event} (an SES event's status: delivered, opened...) with
     * the campaign's mail, and adds the tags of the hub's rules for it. A tag the customer has no room
     * for ({@link CustomerRules#MAX_TAGS}) is left out; the engagement is recorded all the same.
     */
    public Outcome record(String hubId, String customerId, String campaignId, String event) {
        if (!Engagements.EVENTS.contains(event)) {
            return Outcome.IGNORED;
        }
        List<String> ruleTags = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Optional<Customer> found = repository.find(hubId, customerId);
            if (found.isEmpty()) {
                return Outcome.IGNORED;
            }
            Customer current = found.get();
            if (current.engagement().has(event, campaignId)) {
                return Outcome.REPEATED;
            }
            if (ruleTags == null) {
                Hub hub = hubs.get(hubId);
                ruleTags = EngagementRule.tagsFor(hub.engagementRules(), event, campaignId);
            }
            Set<String> tags = new LinkedHashSet<>(current.tags());
            ruleTags.stream().takeWhile(tag -> tags.contains(tag) || tags.size() < CustomerRules.MAX_TAGS).forEach(tags::add);
            Instant now = clock.instant();
            Customer next = current.with(current.draft().withTags(List.copyOf(tags)), now)
                    .with(current.engagement().with(event, campaignId));
            if (repository.replace(hubId, current, next, Optional.empty())) {
                return Outcome.RECORDED;
            }
        }
        throw new ContentionException("the customer kept changing; the event's retry records the engagement");
    }
}
