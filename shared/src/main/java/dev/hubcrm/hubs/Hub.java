package dev.hubcrm.hubs;

import java.time.Instant;
import java.util.List;

/** A hub: one food business, its own customers, keys and settings. */
public record Hub(
        String id,
        String name,
        String currency,
        String timezone,
        String senderEmail,
        StatusRules statusRules,
        List<FieldDefinition> fields,
        WalletSettings wallet,
        int activeKeys,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public HubSettings settings() {
        return new HubSettings(name, timezone, senderEmail, statusRules, fields, wallet);
    }

    public Hub with(HubSettings settings, Instant now) {
        return new Hub(id, settings.name(), currency, settings.timezone(), settings.senderEmail(),
                settings.statusRules(), settings.fields(), settings.wallet(), activeKeys, createdAt, now, version + 1);
    }
}
