package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.SearchText;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hub's search index of notes, channel posts and inbox mail: which of them have a word that
 * starts with a key ({@link NoteTokens}). Each key's entry carries what a hit shows and the item's
 * words (ADR 31), so a results page reads no note, post or mail.
 */
public interface NoteSearchIndex {
    /** The longest snippet a hit shows, in characters. */
    int SNIPPET_CHARACTERS = 200;

    /**
     * What the index points at: a note ({@code ownerId} its customer), a channel post ({@code ownerId}
     * its channel) or an inbox mail ({@code ownerId} null); the prefix of {@code itemId} says which.
     */
    record Ref(String ownerId, String itemId) {
        public boolean isPost() {
            return itemId.startsWith(ChannelPost.ID_PREFIX + "_");
        }

        public boolean isInbox() {
            return itemId.startsWith(InboxMail.ID_PREFIX + "_");
        }
    }

    /**
     * What a hit shows of the item, kept on every one of its entries.
     *
     * @param kind a note's kind, {@code post}, or {@code email} for an inbox mail
     * @param snippet the start of the body, at most {@value #SNIPPET_CHARACTERS} characters
     * @param mail where an email note or inbox mail came from (null otherwise); its {@code messageId} is not kept
     */
    record Shown(String kind, Instant createdAt, String snippet, MailOrigin mail) {
    }

    /** An item as the index holds it: what its hits show, and its words (what its keys come from). */
    record Document(Ref ref, Shown shown, Set<String> words) {
        public static Document of(Note note) {
            return new Document(new Ref(note.customerId(), note.id()),
                    new Shown(note.kind().wire(), note.createdAt(), snippet(note.body()), shownMail(note.mail())), SearchText.words(note.searchText()));
        }

        public static Document of(ChannelPost post) {
            return new Document(new Ref(post.channelId(), post.id()), new Shown("post", post.createdAt(), snippet(post.body()), null),
                    SearchText.words(post.body()));
        }

        public static Document of(InboxMail mail) {
            return new Document(new Ref(null, mail.id()), new Shown(NoteKind.EMAIL.wire(), mail.receivedAt(), snippet(mail.text()),
                    shownMail(mail.origin())), SearchText.words(MailOrigin.searchText(mail.origin(), mail.text())));
        }

        private static String snippet(String body) {
            return body.codePointCount(0, body.length()) <= SNIPPET_CHARACTERS ? body
                    : body.substring(0, body.offsetByCodePoints(0, SNIPPET_CHARACTERS));
        }

        private static MailOrigin shownMail(MailOrigin mail) {
            return mail == null ? null : new MailOrigin(mail.from(), mail.fromName(), mail.subject(), null, mail.truncated());
        }
    }

    /**
     * An entry a lookup found.
     *
     * @param shown what a hit shows; null for an entry written before ADR 31 (its note is read by key)
     * @param words the item's words, or null when there were too many to carry on each entry ({@link #words})
     */
    record Entry(Ref ref, Shown shown, Set<String> words) {
    }

    /**
     * Puts the entries of the keys {@code put} with what {@code after} shows and deletes those of
     * {@code removed}; the item's words go with them.
     *
     * @param before the item as its entries show it (null when new)
     * @param after the item as it is now (null once deleted)
     */
    void write(String hubId, Document before, Document after, Set<String> put, Set<String> removed);

    /**
     * Moves an item's entries from {@code before} (null when new) to {@code after} (null once
     * deleted). When what a hit shows and the words are unchanged only the new keys are put;
     * otherwise every key is rewritten, so no entry shows an older item than the last write.
     */
    default void replace(String hubId, Document before, Document after) {
        Set<String> oldKeys = before == null ? Set.of() : NoteTokens.ofWords(before.words());
        Set<String> newKeys = after == null ? Set.of() : NoteTokens.ofWords(after.words());
        Set<String> removed = new TreeSet<>(oldKeys);
        removed.removeAll(newKeys);
        Set<String> put = new TreeSet<>(newKeys);
        if (before != null && after != null && before.shown().equals(after.shown()) && before.words().equals(after.words())) {
            put.removeAll(oldKeys);
        }
        write(hubId, before, after, put, removed);
    }

    /** The entries under {@code key}, newest first. */
    Page<Entry> lookup(String hubId, String key, PageRequest page);

    /** The words of items whose entries do not carry them, by item id. */
    Map<String, Set<String>> words(String hubId, Collection<Ref> items);
}
