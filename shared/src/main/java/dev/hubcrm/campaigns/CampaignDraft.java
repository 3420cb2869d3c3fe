package dev.hubcrm.campaigns;

/** The writable part of a campaign: {@code html} is optional. */
public record CampaignDraft(String name, String segmentId, String subject, String text, String html) {
}
