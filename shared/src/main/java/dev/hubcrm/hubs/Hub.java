package dev.hubcrm.hubs;

import java.time.Instant;

/** A hub: one food business, its own customers, keys and settings. */
public record Hub(
        String id,
        String name,
        String currency,
        String timezone,
        String senderEmail,
        int activeKeys,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public HubSettings settings() {
        return new HubSettings(name, timezone, senderEmail);
    }

    public Hub with(HubSettings settings, Instant now) {
        return new Hub(id, settings.name(), currency, settings.timezone(), settings.senderEmail(), activeKeys,
                createdAt, now, version + 1);
    }
}
