package dev.hubcrm.conversations;

import java.time.Instant;

/**
 * One entry of a note's history: the note as it was before an edit or a delete.
 *
 * @param by who on the hub's team made the change, as the request said; null when not said
 * @param previous the note before the change
 */
public record NoteRevision(Action action, String by, Instant at, Note previous) {
    public enum Action {
        EDITED, DELETED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
