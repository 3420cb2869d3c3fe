package dev.hubcrm.conversations;

import java.time.Instant;

/**
 * A note of the hub's team on one customer, or a mail the customer sent (kind {@code email}). The
 * body is plain text, stored exactly as given.
 *
 * @param author who on the hub's team wrote it (the shop knows its user); null when not said
 * @param dueAt when a reminder is due; null for every other kind
 * @param done whether a reminder is done (always false for other kinds)
 * @param mail where an email note came from; null for every other kind
 */
public record Note(String id, String customerId, NoteKind kind, String body, String author, Instant dueAt, boolean done,
        Instant createdAt, Instant updatedAt, long version, MailOrigin mail) {
    public static final String ID_PREFIX = "note";

    /** What search finds the note by: its body, and an email note's subject too. */
    public String searchText() {
        return MailOrigin.searchText(mail, body);
    }

    /** Whether the note belongs in the hub's list of open reminders. */
    public boolean isOpenReminder() {
        return kind == NoteKind.REMINDER && dueAt != null && !done;
    }
}
