package dev.hubcrm.conversations;

/** What the hub says of a channel when it creates or edits one. */
public record ChannelDraft(String name, String segmentId, String description) {
}
