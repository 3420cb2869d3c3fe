package dev.hubcrm.conversations;

import java.time.Instant;

/** A mail from an address no customer of the hub has, kept in the hub's inbox until someone assigns it. */
public record InboxMail(String id, MailOrigin origin, String text, Instant receivedAt) {
    public static final String ID_PREFIX = "inb";
}
