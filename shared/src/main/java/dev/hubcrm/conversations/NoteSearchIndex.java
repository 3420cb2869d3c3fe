package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Set;

/** The hub's note search index: which notes have a word that starts with a key ({@link NoteTokens}). */
public interface NoteSearchIndex {
    /** A note the index points at. */
    record Ref(String customerId, String noteId) {
    }

    /** Adds the keys {@code added} and removes {@code removed} of one note. */
    void update(String hubId, Ref note, Set<String> added, Set<String> removed);

    /** The notes with {@code key}, newest first. */
    Page<Ref> lookup(String hubId, String key, PageRequest page);
}
