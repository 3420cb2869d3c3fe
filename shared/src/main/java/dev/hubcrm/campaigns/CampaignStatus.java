package dev.hubcrm.campaigns;

import java.util.Locale;

/** Where a campaign is: only a draft or a scheduled campaign may still change. */
public enum CampaignStatus {
    DRAFT, SCHEDULED, SENDING, SENT, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean changeable() {
        return this == DRAFT || this == SCHEDULED;
    }
}
