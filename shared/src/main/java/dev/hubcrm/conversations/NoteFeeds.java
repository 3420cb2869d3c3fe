package dev.hubcrm.conversations;

import java.util.Collection;
import java.util.Map;

/** What notes need of the channels: a new note is announced so the feeds it belongs in show it; search finds posts. */
public interface NoteFeeds {
    /** No channels: notes go in no feed and search finds no post. */
    NoteFeeds NONE = new NoteFeeds() {
        @Override
        public void noteCreated(String hubId, Note note) {
        }

        @Override
        public Map<String, PostInChannel> posts(String hubId, Collection<NoteSearchIndex.Ref> posts) {
            return Map.of();
        }
    };

    void noteCreated(String hubId, Note note);

    /** A post a search found, with its channel. */
    record PostInChannel(ChannelPost post, Channel channel) {
    }

    /** The posts among {@code posts} (refs of the search index) that are still there, by post id, each with its channel. */
    Map<String, PostInChannel> posts(String hubId, Collection<NoteSearchIndex.Ref> posts);
}
