package dev.hubcrm.conversations;

import java.util.Collection;
import java.util.Map;

/**
 * What notes need of the channels: new, edited and deleted notes are announced so the feeds they belong in show
 * them; search names posts' channels.
 */
public interface NoteFeeds {
    /** No channels: notes go in no feed and search finds no post. */
    NoteFeeds NONE = new NoteFeeds() {
        @Override
        public void noteCreated(String hubId, Note note) {
        }

        @Override
        public void noteChanged(String hubId, Note note) {
        }

        @Override
        public void noteDeleted(String hubId, Note note) {
        }

        @Override
        public int eraseMentions(String hubId, String customerId, int max) {
            return 0;
        }

        @Override
        public Map<String, Channel> channels(String hubId, Collection<String> channelIds) {
            return Map.of();
        }
    };

    void noteCreated(String hubId, Note note);

    /** The note was edited: the feeds show their copy of it (ADR 30). */
    void noteChanged(String hubId, Note note);

    void noteDeleted(String hubId, Note note);

    /** Erases up to {@code max} of a deleted customer's mentions in posts (the posts keep naming them); how many. */
    int eraseMentions(String hubId, String customerId, int max);

    /** The channels among {@code channelIds} that are still there, by id (the owners of the posts a search found). */
    Map<String, Channel> channels(String hubId, Collection<String> channelIds);
}
