package dev.hubcrm.campaigns;

import java.util.List;

/** What happened to a campaign's mail, counted per recipient. */
public record CampaignStats(long recipients, long sent, long delivered, long opened, long clicked, long bounced,
        long complained, long unsubscribed, long failed) {
    /** The counters in the API's order: each is stored as its own number on the campaign item. */
    public static final List<String> NAMES = List.of("recipients", "sent", "delivered", "opened", "clicked", "bounced",
            "complained", "unsubscribed", "failed");
    public static final CampaignStats NONE = new CampaignStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public List<Long> values() {
        return List.of(recipients, sent, delivered, opened, clicked, bounced, complained, unsubscribed, failed);
    }

    public static CampaignStats of(List<Long> values) {
        return new CampaignStats(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4), values.get(5),
                values.get(6), values.get(7), values.get(8));
    }
}
