package dev.hubcrm.hubs;

import java.time.Instant;
import java.util.List;

/**
 * A hub: one food business, its own customers, keys and settings.
 *
 * @param stripeAccountSet when and by whom the operator last set {@code wallet.stripeAccountId}
 *     (where customers' money goes); null when it never did
 * @param sender the hub's own sender identity ({@code PUT /v1/hub/sender}); null until it sets one
 */
public record Hub(
        String id,
        String name,
        String currency,
        String timezone,
        String senderEmail,
        StatusRules statusRules,
        List<FieldDefinition> fields,
        WalletSettings wallet,
        List<EngagementRule> engagementRules,
        OperatorChange stripeAccountSet,
        SenderIdentity sender,
        int activeKeys,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public HubSettings settings() {
        return new HubSettings(name, timezone, senderEmail, statusRules, fields, wallet, engagementRules);
    }

    public Hub with(HubSettings settings, Instant now) {
        return new Hub(id, settings.name(), currency, settings.timezone(), settings.senderEmail(),
                settings.statusRules(), settings.fields(), settings.wallet(), settings.engagementRules(), stripeAccountSet, sender, activeKeys, createdAt, now, version + 1);
    }

    /** This hub paid through {@code stripeAccountId} (null: the platform's account) from now on, as the operator set it. */
    public Hub withStripeAccount(String stripeAccountId, OperatorChange change) {
        WalletSettings w = wallet;
        return new Hub(id, name, currency, timezone, senderEmail, statusRules, fields, new WalletSettings(w.floor(), w.creditOnly(),
                w.lowBalanceThreshold(), w.reminderEveryDays(), stripeAccountId, w.topUpReturnUrl()), engagementRules, change, sender, activeKeys, createdAt,
                change.at(), version + 1);
    }

    /** This hub with {@code identity} as its sender identity. */
    public Hub withSender(SenderIdentity identity, Instant now) {
        return new Hub(id, name, currency, timezone, senderEmail, statusRules, fields, wallet, engagementRules, stripeAccountSet, identity,
                activeKeys, createdAt, now, version + 1);
    }
}
