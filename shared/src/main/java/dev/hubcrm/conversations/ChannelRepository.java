package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where channels and their feed entries are kept. Every method acts inside one hub. */
public interface ChannelRepository {
    void create(String hubId, Channel channel);

    Optional<Channel> find(String hubId, String channelId);

    /** The hub's channels, newest first. */
    Page<Channel> list(String hubId, PageRequest page);

    /** Every channel of the hub (at most {@code max}): read when a note is written. */
    List<Channel> all(String hubId, int max);

    /** Stores the channel's name, description and update time; its backfill goes on. */
    void replace(String hubId, Channel channel);

    /**
     * Records a backfill step that started at {@code fromCursor} (null: the first): the next
     * cursor, or the feed ready when {@code nextCursor} is null.
     *
     * @return false when the step was recorded already (a repeated stream record): nothing was written
     */
    boolean recordBackfill(String hubId, String channelId, String fromCursor, String nextCursor, long processed);

    void delete(String hubId, String channelId);

    /** Records that the channel's segment was deleted. */
    void markSegmentDeleted(String hubId, String channelId);

    /** Which of {@code customerIds} are members of the segment now. */
    Set<String> members(String hubId, String segmentId, Collection<String> customerIds);

    /** A customer's display name (null: it has none) as of the customer's {@code version}, copied into feed entries (ADR 30). */
    record CustomerName(String name, long version) {
    }

    /**
     * Puts a copy of each note in the channel's feed, at the time its id says, with its customer's name from {@code names}
     * (by customer id; none when missing): a page reads no note and no customer (ADR 30).
     */
    void addToFeed(String hubId, String channelId, Collection<Note> notes, Map<String, CustomerName> names);

    /** Replaces the copy of the note in the channel's feed if it is there and older: never brings back an entry taken out. */
    void updateInFeed(String hubId, String channelId, Note note, CustomerName owner);

    /** Writes the customer's name into the note's entry if the entry is there and holds an older name (or none). */
    void renameInFeed(String hubId, String channelId, String noteId, CustomerName owner);

    /** Takes the notes out of the channel's feed (their entries; the notes stay). */
    void removeFromFeed(String hubId, String channelId, Collection<NoteSearchIndex.Ref> notes);

    /**
     * An entry of a feed: a member's note ({@code customerId}, {@code itemId}, the note's copy and its
     * customer's name; the copy is null in entries written before ADR 30, the name in those written
     * before its amendment), or a post of the channel (no customer).
     */
    record FeedEntry(String customerId, String itemId, Note note, CustomerName owner) {
    }

    /** The channel's feed entries, newest first. */
    Page<FeedEntry> feed(String hubId, String channelId, PageRequest page);

    /** Stores the post with its feed entry and an entry on each mentioned customer's timeline, in one transaction. */
    void createPost(String hubId, ChannelPost post);

    /**
     * Stores {@code next} in place of {@code current}, moves its mention entries and keeps
     * {@code revision} in the post's history, in one transaction.
     *
     * @return false when another write came first (nothing was written)
     */
    boolean replacePost(String hubId, ChannelPost current, ChannelPost next, PostRevision revision);

    /** Deletes the post with its feed and mention entries and keeps {@code revision}; false when another write came first. */
    boolean deletePost(String hubId, ChannelPost current, PostRevision revision);

    /** The post's history, newest first (also once the post is deleted). */
    Page<PostRevision> postHistory(String hubId, String channelId, String postId, PageRequest page);

    /** The channel's posts among {@code postIds}, by id; those gone are left out. */
    Map<String, ChannelPost> posts(String hubId, String channelId, Collection<String> postIds);

    /** The posts that mention the customer, newest first. */
    Page<ChannelPost> mentions(String hubId, String customerId, PageRequest page);

    /** Deletes up to {@code max} of the customer's mention entries (the posts keep naming them); how many. */
    int eraseMentions(String hubId, String customerId, int max);

    /** Starts (or restarts) the copy of the customer's notes into the segment's channels: its step item, whose record runs the first step. */
    void startJoin(String hubId, String segmentId, String customerId);

    /**
     * Records a step of the copy {@code run} that started at {@code fromCursor} (null: the first): the next cursor, or
     * the copy ended (the step item deleted) when {@code nextCursor} is null.
     *
     * @return false when the step was recorded already or the copy was cancelled or restarted: nothing was written
     */
    boolean recordJoin(String hubId, String segmentId, String customerId, String run, String fromCursor, String nextCursor);

    /** Starts (or restarts) the rewrite of the customer's name in the feed entries of their notes: its step item, whose record runs the first step. */
    void startRename(String hubId, String customerId);

    /** As {@link #recordJoin} for the rename's steps. */
    boolean recordRename(String hubId, String customerId, String run, String fromCursor, String nextCursor);

    /** Cancels the copy of the customer's notes into the segment's channels (they left). */
    void cancelJoin(String hubId, String segmentId, String customerId);
}
