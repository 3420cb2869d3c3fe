package dev.hubcrm.campaigns;

import java.util.Locale;

/**
 * Where one recipient of a campaign is: {@code queued} until the sender claims it ({@code sending},
 * for a lease), then {@code sent} with SES's message id, {@code failed} with SES's reason, or
 * {@code skipped} when the customer no longer consents (or has no address) when its turn comes.
 */
public enum RecipientStatus {
    QUEUED, SENDING, SENT, FAILED, SKIPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status for its wire name; null for anything else. */
    public static RecipientStatus fromWire(String value) {
        for (RecipientStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        return null;
    }

    public boolean finished() {
        return this == SENT || this == FAILED || this == SKIPPED;
    }
}
