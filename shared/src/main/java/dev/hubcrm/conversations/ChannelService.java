package dev.hubcrm.conversations;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Pages;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.segments.SegmentService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Channels: a segment's live feed (ADR 23). A note is put in the feed of every channel whose segment
 * holds its customer when it is written, and a customer's notes are put in a channel's feed when
 * the customer joins its segment; a page shows only the entries whose customer is a member now.
 */
public final class ChannelService implements NoteFeeds {
    /** Channels a hub may have: every note written reads them all. */
    public static final int MAX_CHANNELS = 50;
    public static final int MAX_NAME_CHARACTERS = 100;
    public static final int MAX_DESCRIPTION_CHARACTERS = 1_000;
    /** Customers a post may mention: its transaction holds the post, its feed entry and one entry per customer. */
    public static final int MAX_MENTIONS = 20;
    /** A name or a post holds something besides white space (openapi.json's {@code pattern: \S}). */
    private static final Pattern VISIBLE = Pattern.compile("\\S", Pattern.UNICODE_CHARACTER_CLASS);

    private final ChannelRepository repository;
    private final NoteRepository notes;
    private final SegmentService segments;
    private final CustomerService customers;
    private final Clock clock;

    /** An item of a channel's feed: a member's note with the customer it belongs to, or a post of the channel (note and customer null). */
    public record FeedItem(Note note, Customer customer, ChannelPost post) {
    }

    public ChannelService(ChannelRepository repository, NoteRepository notes, SegmentService segments, CustomerService customers, Clock clock) {
        this.repository = repository;
        this.notes = notes;
        this.segments = segments;
        this.customers = customers;
        this.clock = clock;
    }

    public Channel create(String hubId, ChannelDraft draft) {
        requireValid(hubId, draft);
        if (repository.all(hubId, MAX_CHANNELS).size() >= MAX_CHANNELS) {
            throw new ConflictException("a hub has at most " + MAX_CHANNELS + " channels; delete one first");
        }
        Instant now = clock.instant();
        Channel channel = new Channel(Ids.newId(Channel.ID_PREFIX), draft.name(), draft.segmentId(), draft.description(), now, now);
        repository.create(hubId, channel);
        for (String member : segments.memberIds(hubId, draft.segmentId(), Integer.MAX_VALUE, "segmentId")) {
            addHistory(hubId, channel, member);
        }
        return channel;
    }

    public Channel get(String hubId, String channelId) {
        if (!Ids.looksLike(Channel.ID_PREFIX, channelId)) {
            throw notFound(channelId);
        }
        return repository.find(hubId, channelId).orElseThrow(() -> notFound(channelId));
    }

    public Page<Channel> list(String hubId, PageRequest page) {
        return repository.list(hubId, page);
    }

    /** Renames the channel or changes its description; its segment stays (a new segment is a new channel). */
    public Channel update(String hubId, String channelId, UnaryOperator<ChannelDraft> change) {
        Channel current = get(hubId, channelId);
        ChannelDraft next = change.apply(new ChannelDraft(current.name(), current.segmentId(), current.description()));
        if (!current.segmentId().equals(next.segmentId())) {
            throw ValidationException.of("segmentId", "cannot change: create a channel for the other segment");
        }
        requireValid(hubId, next);
        Channel changed = new Channel(current.id(), next.name(), current.segmentId(), next.description(), current.createdAt(), clock.instant());
        repository.replace(hubId, changed);
        return changed;
    }

    public void delete(String hubId, String channelId) {
        repository.delete(hubId, get(hubId, channelId).id());
    }

    /**
     * A page of the channel's feed, newest first: one Query of its entries, then the notes, the
     * memberships, the customers and the posts they name by key. Entries of customers who left the
     * segment, and of notes deleted since, are left out, so a page can hold fewer than asked.
     */
    public Page<FeedItem> feed(String hubId, String channelId, PageRequest page) {
        Channel channel = get(hubId, channelId);
        Page<ChannelRepository.FeedEntry> entries = repository.feed(hubId, channel.id(), page);
        List<ChannelRepository.FeedEntry> noteEntries = entries.items().stream().filter(entry -> entry.customerId() != null).toList();
        Set<String> members = repository.members(hubId, channel.segmentId(),
                noteEntries.stream().map(ChannelRepository.FeedEntry::customerId).toList());
        Map<String, Note> found = notes.findAll(hubId, noteEntries.stream().filter(entry -> members.contains(entry.customerId()))
                .map(entry -> new NoteSearchIndex.Ref(entry.customerId(), entry.itemId())).toList());
        Map<String, Customer> owners = customers.findAll(hubId, members);
        Map<String, ChannelPost> posts = repository.posts(hubId, channel.id(),
                entries.items().stream().filter(entry -> entry.customerId() == null).map(ChannelRepository.FeedEntry::itemId).toList());
        List<FeedItem> items = new ArrayList<>();
        for (ChannelRepository.FeedEntry entry : entries.items()) {
            Note note = found.get(entry.itemId());
            if (note != null && owners.containsKey(note.customerId())) {
                items.add(new FeedItem(note, owners.get(note.customerId()), null));
            } else if (posts.containsKey(entry.itemId())) {
                items.add(new FeedItem(null, null, posts.get(entry.itemId())));
            }
        }
        return new Page<>(items, entries.nextCursor());
    }

    public ChannelPost post(String hubId, String channelId, String postId) {
        Channel channel = get(hubId, channelId);
        ChannelPost post = Ids.looksLike(ChannelPost.ID_PREFIX, postId)
                ? repository.posts(hubId, channel.id(), List.of(postId)).get(postId) : null;
        if (post == null) {
            throw new NotFoundException("no post " + Ids.shorten(postId));
        }
        return post;
    }

    /** Posts in the channel; the customers it mentions (each of this hub) see it on their timelines. */
    public ChannelPost post(String hubId, String channelId, String body, String author, List<String> customerIds) {
        Channel channel = get(hubId, channelId);
        NoteService.requireBodySize(body);
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !VISIBLE.matcher(body).find()) {
            errors.add(new FieldError("body", "is required: the post's text"));
        }
        List<String> mentioned = customerIds == null ? List.of() : customerIds.stream().distinct().toList();
        if (mentioned.size() > MAX_MENTIONS) {
            errors.add(new FieldError("customerIds", "at most " + MAX_MENTIONS + " customers"));
        } else if (customers.findAll(hubId, mentioned).size() != mentioned.size()) {
            errors.add(new FieldError("customerIds", "must all be customers of this hub"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        NoteService.requireTeamMember("author", author);
        ChannelPost post = new ChannelPost(Ids.newId(ChannelPost.ID_PREFIX), channel.id(), body, author, mentioned, clock.instant());
        repository.createPost(hubId, post);
        return post;
    }

    /** Puts the note in the feed of every channel whose segment holds its customer now. */
    @Override
    public void noteCreated(String hubId, Note note) {
        NoteSearchIndex.Ref ref = new NoteSearchIndex.Ref(note.customerId(), note.id());
        for (Channel channel : repository.all(hubId, MAX_CHANNELS)) {
            if (!repository.members(hubId, channel.segmentId(), List.of(note.customerId())).isEmpty()) {
                repository.addToFeed(hubId, channel.id(), List.of(ref));
            }
        }
    }

    /** A customer joined a segment: their notes, all of them, join the feeds of its channels. */
    public void memberJoined(String hubId, String segmentId, String customerId) {
        for (Channel channel : repository.all(hubId, MAX_CHANNELS)) {
            if (channel.segmentId().equals(segmentId)) {
                addHistory(hubId, channel, customerId);
            }
        }
    }

    private void addHistory(String hubId, Channel channel, String customerId) {
        Pages.each(cursor -> notes.list(hubId, customerId, null, new PageRequest(PageRequest.MAX_LIMIT, cursor)), page -> {
            repository.addToFeed(hubId, channel.id(), page.items().stream().map(n -> new NoteSearchIndex.Ref(n.customerId(), n.id())).toList());
            return true;
        });
    }

    private void requireValid(String hubId, ChannelDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.name() == null || !VISIBLE.matcher(draft.name()).find() || codePoints(draft.name()) > MAX_NAME_CHARACTERS) {
            errors.add(new FieldError("name", "is required, 1-" + MAX_NAME_CHARACTERS + " characters"));
        }
        if (draft.description() != null && codePoints(draft.description()) > MAX_DESCRIPTION_CHARACTERS) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_CHARACTERS + " characters"));
        }
        if (draft.segmentId() == null) {
            errors.add(new FieldError("segmentId", "is required: the segment whose members' conversations the channel shows"));
        } else {
            try {
                segments.get(hubId, draft.segmentId());
            } catch (NotFoundException e) {
                errors.add(new FieldError("segmentId", "is not a segment of this hub"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    private static NotFoundException notFound(String channelId) {
        return new NotFoundException("no channel " + Ids.shorten(channelId));
    }
}
