package dev.hubcrm.conversations;

import java.time.Instant;

/** What a create or an edit says a note is; {@link NoteService} checks it. */
public record NoteDraft(NoteKind kind, String body, String author, Instant dueAt, boolean done) {
}
