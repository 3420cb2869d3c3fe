package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Where notes, their history and the hub's open reminders are kept. Every method acts inside one hub. */
public interface NoteRepository {
    void create(String hubId, Note note);

    Optional<Note> find(String hubId, String customerId, String noteId);

    /** The notes the search index points at, by id; those gone since are left out. */
    Map<String, Note> findAll(String hubId, Collection<NoteSearchIndex.Ref> notes);

    /**
     * Stores {@code next} in place of {@code current} and keeps {@code revision} in the history.
     *
     * @return false when another write came first (nothing was written)
     */
    boolean replace(String hubId, Note current, Note next, NoteRevision revision);

    /** Deletes the note and keeps {@code revision}; false when another write came first. */
    boolean delete(String hubId, Note current, NoteRevision revision);

    /** The customer's notes, newest first; only those of {@code kind} unless it is null. */
    Page<Note> list(String hubId, String customerId, NoteKind kind, PageRequest page);

    /** The note's history, newest first (also once the note is deleted). */
    Page<NoteRevision> history(String hubId, String customerId, String noteId, PageRequest page);

    /** The hub's open reminders due from {@code from} (inclusive) until {@code until} (exclusive), soonest first. */
    Page<Note> openReminders(String hubId, Instant from, Instant until, PageRequest page);

    /** Deletes the note and its index items without a history (its customer is gone). */
    void erase(String hubId, Note note);

    /** Deletes up to {@code max} history entries of the customer's notes; how many there were. */
    int eraseHistory(String hubId, String customerId, int max);

    /**
     * Records that the deleted customer's notes are being erased, at {@code step}: the item's
     * stream record runs the step ({@code NOTEPURGE#<customerId>}); null ends the purge.
     */
    void recordPurge(String hubId, String customerId, Integer step);
}
