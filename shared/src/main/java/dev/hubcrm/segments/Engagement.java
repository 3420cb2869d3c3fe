package dev.hubcrm.segments;

/**
 * The value of an {@code engagement} condition: an email event ({@link dev.hubcrm.customers.Engagements#EVENTS})
 * of one campaign, or of any campaign when {@code campaignId} is null.
 */
public record Engagement(String campaignId, String event) {
}
