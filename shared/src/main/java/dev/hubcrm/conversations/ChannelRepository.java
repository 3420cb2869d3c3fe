package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Collection;
import java.util.List;
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

    /** The channel's feed entries, newest first. */
    Page<NoteSearchIndex.Ref> feed(String hubId, String channelId, PageRequest page);
}
