package dev.hubcrm.customers;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The hub may no longer send campaign mail to the customer's address: it bounced hard or its owner
 * complained. Set by the mail provider's events, cleared only by the hub.
 *
 * @param campaignId the campaign whose mail bounced or was complained about
 */
public record Suppression(Reason reason, Instant at, String campaignId) {
    public enum Reason {
        BOUNCE, COMPLAINT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Reason fromWire(String wire) {
            return Arrays.stream(values()).filter(reason -> reason.wire().equals(wire)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no suppression reason " + wire));
        }
    }
}
