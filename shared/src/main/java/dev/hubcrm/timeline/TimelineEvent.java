package dev.hubcrm.timeline;

import java.time.Instant;

/**
 * One thing that happened to a customer, at the time it happened.
 *
 * @param detail what happened: an {@code Order}, a {@code StatusChange}, a wallet {@code LedgerEntry} a {@code Message}, a {@code Note}
 *     or a {@code ChannelPost} that mentions the customer
 */
public record TimelineEvent(Kind kind, Instant at, Object detail) {
    public enum Kind {
        ORDER("order"), STATUS_CHANGE("status-change"), WALLET("wallet"), MESSAGE("message"), NOTE("note"), POST("post");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
