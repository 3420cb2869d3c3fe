package dev.hubcrm.conversations;

import java.time.Instant;

/**
 * One entry of a channel post's history: the post as it was before an edit or its delete.
 *
 * @param by who on the hub's team made the change, as the request said; null when not said
 */
public record PostRevision(NoteRevision.Action action, String by, Instant at, ChannelPost previous) {
}
