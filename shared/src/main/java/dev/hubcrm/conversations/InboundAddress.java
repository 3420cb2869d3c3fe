package dev.hubcrm.conversations;

import dev.hubcrm.common.Ids;
import java.util.Locale;
import java.util.Optional;

/**
 * A hub's inbound address: its id in lower case at the stack's inbound domain
 * ({@code hub_01j...@inbound.example.com}), so that no table read is needed to route a mail (ADR 28).
 * Matched in any case: the hub id's ULID is upper case, mail software may change the case of a local part.
 */
public final class InboundAddress {
    private static final String HUB_PREFIX = "hub";

    private InboundAddress() {
    }

    /** The hub's address at {@code domain}; null when the stack has no inbound domain. */
    public static String of(String hubId, String domain) {
        return domain == null || domain.isBlank() ? null : hubId.toLowerCase(Locale.ROOT) + "@" + domain.toLowerCase(Locale.ROOT);
    }

    /** The hub a recipient address at {@code domain} names, if it has the shape of one. */
    public static Optional<String> hubId(String recipient, String domain) {
        int at = recipient.lastIndexOf('@');
        if (domain == null || at < 0 || !recipient.substring(at + 1).equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        String hubId = recipient.substring(0, at).toUpperCase(Locale.ROOT).replaceFirst("^HUB_", HUB_PREFIX + "_");
        return Ids.looksLike(HUB_PREFIX, hubId) ? Optional.of(hubId) : Optional.empty();
    }
}
