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

    void replace(String hubId, Channel channel);

    void delete(String hubId, String channelId);

    /** Which of {@code customerIds} are members of the segment now. */
    Set<String> members(String hubId, String segmentId, Collection<String> customerIds);

    /** Puts each note in the channel's feed, at the time its id says. */
    void addToFeed(String hubId, String channelId, Collection<NoteSearchIndex.Ref> notes);

    /** An entry of a feed: a member's note ({@code customerId} and {@code itemId}), or a post of the channel (no customer). */
    record FeedEntry(String customerId, String itemId) {
    }

    /** The channel's feed entries, newest first. */
    Page<FeedEntry> feed(String hubId, String channelId, PageRequest page);

    /** Stores the post with its feed entry and an entry on each mentioned customer's timeline, in one transaction. */
    void createPost(String hubId, ChannelPost post);

    /** The channel's posts among {@code postIds}, by id; those gone are left out. */
    Map<String, ChannelPost> posts(String hubId, String channelId, Collection<String> postIds);

    /** The posts that mention the customer, newest first. */
    Page<ChannelPost> mentions(String hubId, String customerId, PageRequest page);
}
