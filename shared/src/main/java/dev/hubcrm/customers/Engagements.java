package dev.hubcrm.customers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the customer did with campaign mail, as SES reported it: per event the ids of the campaigns
 * it happened with, oldest first. Kept on the customer item, so that segments evaluate it from that
 * one item (and its stream record) like any other fact, never from the message history. Bounded:
 * at most {@link #MAX_CAMPAIGNS_PER_EVENT} campaigns an event, the oldest forgotten first ("any
 * campaign" stays exact; one campaign is exact for the customer's latest ones).
 *
 * @param campaignsByEvent event ({@link #EVENTS}) to campaign ids, oldest first; no empty lists
 */
public record Engagements(Map<String, List<String>> campaignsByEvent) {
    /** The events segments and engagement rules read. */
    public static final List<String> EVENTS = List.of("opened", "clicked", "delivered", "bounced");
    public static final int MAX_CAMPAIGNS_PER_EVENT = 20;
    public static final Engagements NONE = new Engagements(Map.of());

    public Engagements {
        campaignsByEvent = Map.copyOf(campaignsByEvent);
    }

    public boolean isEmpty() {
        return campaignsByEvent.isEmpty();
    }

    /** Whether the customer had {@code event} with the campaign, or with any campaign when {@code campaignId} is null. */
    public boolean has(String event, String campaignId) {
        List<String> campaigns = campaignsByEvent.getOrDefault(event, List.of());
        return campaignId == null ? !campaigns.isEmpty() : campaigns.contains(campaignId);
    }

    /** These engagements and {@code event} with the campaign, the event's oldest campaign dropped beyond the bound. */
    public Engagements with(String event, String campaignId) {
        if (!EVENTS.contains(event)) {
            throw new IllegalArgumentException("not an engagement event: " + event);
        }
        if (has(event, campaignId)) {
            return this;
        }
        List<String> campaigns = new ArrayList<>(campaignsByEvent.getOrDefault(event, List.of()));
        campaigns.add(campaignId);
        if (campaigns.size() > MAX_CAMPAIGNS_PER_EVENT) {
            campaigns.removeFirst();
        }
        Map<String, List<String>> next = new LinkedHashMap<>(campaignsByEvent);
        next.put(event, List.copyOf(campaigns));
        return new Engagements(next);
    }
}
