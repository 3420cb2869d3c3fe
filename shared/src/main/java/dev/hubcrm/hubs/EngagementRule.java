package dev.hubcrm.hubs;

import java.util.Collection;
import java.util.List;

/**
 * A hub's engagement rule: a customer who opened or clicked a campaign's mail (or any campaign's,
 * when {@code campaignId} is null) gets the tag {@code addTag}, once, when SES reports it.
 */
public record EngagementRule(String event, String campaignId, String addTag) {
    /** The events a rule may name. */
    public static final List<String> EVENTS = List.of("opened", "clicked");

    public boolean matches(String reported, String reportedCampaignId) {
        return event.equals(reported) && (campaignId == null || campaignId.equals(reportedCampaignId));
    }

    /** The tags the rules add for {@code event} of the campaign's mail, each once, in the rules' order. */
    public static List<String> tagsFor(Collection<EngagementRule> rules, String event, String campaignId) {
        return rules.stream().filter(rule -> rule.matches(event, campaignId)).map(EngagementRule::addTag).distinct().toList();
    }
}
