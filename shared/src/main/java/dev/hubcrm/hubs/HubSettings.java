package dev.hubcrm.hubs;

import java.util.List;

/** What a hub may change about itself ({@code PATCH /v1/hub}); the currency is fixed at creation. */
public record HubSettings(String name, String timezone, String senderEmail, StatusRules statusRules,
        List<FieldDefinition> fields, WalletSettings wallet, List<EngagementRule> engagementRules) {
}
