package dev.hubcrm.campaigns;

/** A unit of the campaign sender's work, one queue message each. */
public sealed interface CampaignTask {
    String hubId();

    String campaignId();

    /** Record the recipients of one page of the segment's members ({@code cursor} null: the first page). */
    record Snapshot(String hubId, String campaignId, String cursor) implements CampaignTask {
    }

    /** Send the campaign to one recorded recipient. */
    record Delivery(String hubId, String campaignId, String customerId) implements CampaignTask {
    }
}
