package dev.hubcrm.conversations;

import java.util.Collection;
import java.util.Map;

/** What notes need of the channels: a new note is announced so the feeds it belongs in show it; search names posts' channels. */
public interface NoteFeeds {
    /** No channels: notes go in no feed and search finds no post. */
    NoteFeeds NONE = new NoteFeeds() {
        @Override
        public void noteCreated(String hubId, Note note) {
        }

        @Override
        public Map<String, Channel> channels(String hubId, Collection<String> channelIds) {
            return Map.of();
        }
    };

    void noteCreated(String hubId, Note note);

    /** The channels among {@code channelIds} that are still there, by id (the owners of the posts a search found). */
    Map<String, Channel> channels(String hubId, Collection<String> channelIds);
}
