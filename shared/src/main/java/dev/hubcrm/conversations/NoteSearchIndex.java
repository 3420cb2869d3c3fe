package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Set;
import java.util.TreeSet;

/** The hub's note search index: which notes and channel posts have a word that starts with a key ({@link NoteTokens}). */
public interface NoteSearchIndex {
    /**
     * What the index points at: a note ({@code ownerId} its customer) or a channel post
     * ({@code ownerId} its channel); the prefix of {@code itemId} says which.
     */
    record Ref(String ownerId, String itemId) {
        public boolean isPost() {
            return itemId.startsWith(ChannelPost.ID_PREFIX + "_");
        }
    }

    /** Adds the keys {@code added} and removes {@code removed} of one note or post. */
    void update(String hubId, Ref item, Set<String> added, Set<String> removed);

    /** Moves the item's keys from {@code oldBody} ("" when new) to {@code newBody} ("" once deleted), writing only the difference. */
    default void replace(String hubId, Ref item, String oldBody, String newBody) {
        Set<String> before = oldBody.isEmpty() ? Set.of() : NoteTokens.of(oldBody);
        Set<String> after = newBody.isEmpty() ? Set.of() : NoteTokens.of(newBody);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        update(hubId, item, added, removed);
    }

    /** The notes and posts with {@code key}, newest first. */
    Page<Ref> lookup(String hubId, String key, PageRequest page);
}
