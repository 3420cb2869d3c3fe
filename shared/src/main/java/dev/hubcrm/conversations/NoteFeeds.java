package dev.hubcrm.conversations;

/** Where a new note is announced, so that the feeds it belongs in can show it (the channels). */
public interface NoteFeeds {
    void noteCreated(String hubId, Note note);
}
