package dev.hubcrm.conversations;

import java.time.Instant;

/**
 * A note of the hub's team on one customer. The body is plain text, stored exactly as given.
 *
 * @param author who on the hub's team wrote it (the shop knows its user); null when not said
 * @param dueAt when a reminder is due; null for every other kind
 * @param done whether a reminder is done (always false for other kinds)
 */
public record Note(String id, String customerId, NoteKind kind, String body, String author, Instant dueAt, boolean done,
        Instant createdAt, Instant updatedAt, long version) {
    public static final String ID_PREFIX = "note";

    /** Whether the note belongs in the hub's list of open reminders. */
    public boolean isOpenReminder() {
        return kind == NoteKind.REMINDER && dueAt != null && !done;
    }
}
