package dev.hubcrm.conversations;

import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Pages;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.conversations.ChannelRepository.CustomerName;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.segments.SegmentJoins;
import dev.hubcrm.segments.SegmentService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Channels: a segment's live feed (ADR 23). A note is copied into the feed of every channel whose
 * segment holds its customer when it is written, and a customer's notes when the customer joins
 * its segment (in steps), each with its customer's name; an edit rewrites the copies, a rename
 * their names (in steps), a delete or a leave removes them, so a page reads its entries only (ADR 30).
 */
public final class ChannelService implements NoteFeeds, SegmentJoins {
    /** Channels a hub may have: every note written reads them all. */
    public static final int MAX_CHANNELS = 50;
    public static final int MAX_NAME_CHARACTERS = 100;
    public static final int MAX_DESCRIPTION_CHARACTERS = 1_000;
    /** Customers a post may mention: its transaction holds the post, its feed entry and one entry per customer. */
    public static final int MAX_MENTIONS = 20;
    /** A name or a post holds something besides white space (openapi.json's {@code pattern: \S}). */
    private static final Pattern VISIBLE = Pattern.compile("\\S", Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * Members whose notes one backfill step copies: each costs a Query per 200 notes and a write per
     * note, so a step of 10-note members writes about 1,000 items, far inside a function timeout.
     */
    public static final int BACKFILL_MEMBERS = 100;
    /** Feed entries one join step writes at most (its notes times the segment's channels), like a backfill step. */
    public static final int JOIN_STEP_WRITES = 1_000;
    /** Edits lost to a concurrent edit are applied again to the newer post this often (as for notes). */
    private static final int WRITE_ATTEMPTS = 8;

    private final ChannelRepository repository;
    private final NoteRepository notes;
    private final NoteSearchIndex searchIndex;
    private final SegmentService segments;
    private final CustomerService customers;
    private final Clock clock;

    /**
     * An item of a channel's feed: a member's note with the display name of the customer it belongs to (null: none), or a
     * post of the channel (note and name null).
     */
    public record FeedItem(Note note, String customerName, ChannelPost post) {
    }

    public ChannelService(ChannelRepository repository, NoteRepository notes, NoteSearchIndex searchIndex, SegmentService segments,
            CustomerService customers, Clock clock) {
        this.repository = repository;
        this.notes = notes;
        this.searchIndex = searchIndex;
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
        Channel channel = new Channel(Ids.newId(Channel.ID_PREFIX), draft.name(), draft.segmentId(), draft.description(), now, now,
                Channel.Backfill.STARTED, false);
        // The members' notes are copied in by backfill steps, chained through the table's stream (ADR 29).
        repository.create(hubId, channel);
        return channel;
    }

    /**
     * One backfill step of a new channel: the notes of the next {@value #BACKFILL_MEMBERS} members
     * of its segment put in its feed, and the progress recorded on the channel, which (through the
     * stream) triggers the next step. A repeated step records nothing.
     *
     * @param cursor where the previous step stopped (null: the first step)
     * @param processed members copied before this step
     * @return whether the progress was recorded (false: this step was done already)
     */
    public boolean backfillStep(String hubId, Channel channel, String cursor, long processed) {
        Page<String> members = segments.memberIds(hubId, channel.segmentId(), new PageRequest(BACKFILL_MEMBERS, cursor));
        members.items().forEach(member -> eachPageOfNotes(hubId, member, page -> copy(hubId, List.of(channel), page)));
        return repository.recordBackfill(hubId, channel.id(), cursor, members.nextCursor(), processed + members.items().size());
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
        Channel changed = new Channel(current.id(), next.name(), current.segmentId(), next.description(), current.createdAt(), clock.instant(),
                current.backfill(), current.segmentDeleted());
        repository.replace(hubId, changed);
        return changed;
    }

    public void delete(String hubId, String channelId) {
        repository.delete(hubId, get(hubId, channelId).id());
    }

    /**
     * A page of the channel's feed, newest first: one Query of its entries (each a copy of its note
     * with its customer's name), then the posts by key; entries written before the names were copied
     * read their customers by key, and older ones their notes too (ADR 30).
     */
    public Page<FeedItem> feed(String hubId, String channelId, PageRequest page) {
        Channel channel = get(hubId, channelId);
        Page<ChannelRepository.FeedEntry> entries = repository.feed(hubId, channel.id(), page);
        // A deleted segment has no members: its notes' entries stay behind, unread (ADR 30).
        List<ChannelRepository.FeedEntry> noteEntries = channel.segmentDeleted() ? List.of()
                : entries.items().stream().filter(entry -> entry.customerId() != null).toList();
        Map<String, Note> found = new HashMap<>();
        noteEntries.stream().filter(entry -> entry.note() != null).forEach(entry -> found.put(entry.itemId(), entry.note()));
        found.putAll(notesOfOlderEntries(hubId, channel, noteEntries));
        Map<String, Customer> owners = customers.findAll(hubId, noteEntries.stream()
                .filter(entry -> entry.owner() == null && found.containsKey(entry.itemId())).map(ChannelRepository.FeedEntry::customerId)
                .distinct().toList());
        Map<String, ChannelPost> posts = repository.posts(hubId, channel.id(),
                entries.items().stream().filter(entry -> entry.customerId() == null).map(ChannelRepository.FeedEntry::itemId).toList());
        List<FeedItem> items = new ArrayList<>();
        for (ChannelRepository.FeedEntry entry : entries.items()) {
            Note note = found.get(entry.itemId());
            if (note != null && entry.owner() != null) {
                items.add(new FeedItem(note, entry.owner().name(), null));
            } else if (note != null && owners.containsKey(note.customerId())) {
                items.add(new FeedItem(note, owners.get(note.customerId()).displayName(), null));
            } else if (posts.containsKey(entry.itemId())) {
                items.add(new FeedItem(null, null, posts.get(entry.itemId())));
            }
        }
        return new Page<>(items, entries.nextCursor());
    }

    /**
     * Entries written before ADR 30 hold no copy, and those of customers who left before ADR 29 stay
     * behind: their notes are read by key, for the customers who are members now.
     */
    private Map<String, Note> notesOfOlderEntries(String hubId, Channel channel, List<ChannelRepository.FeedEntry> noteEntries) {
        List<ChannelRepository.FeedEntry> older = noteEntries.stream().filter(entry -> entry.note() == null).toList();
        if (older.isEmpty()) {
            return Map.of();
        }
        Set<String> members = repository.members(hubId, channel.segmentId(), older.stream().map(ChannelRepository.FeedEntry::customerId).toList());
        return notes.findAll(hubId, older.stream().filter(entry -> members.contains(entry.customerId()))
                .map(entry -> new NoteSearchIndex.Ref(entry.customerId(), entry.itemId())).toList());
    }

    public ChannelPost post(String hubId, String channelId, String postId) {
        Channel channel = get(hubId, channelId);
        ChannelPost post = Ids.looksLike(ChannelPost.ID_PREFIX, postId)
                ? repository.posts(hubId, channel.id(), List.of(postId)).get(postId) : null;
        if (post == null) {
            throw postNotFound(postId);
        }
        return post;
    }

    private static NotFoundException postNotFound(String postId) {
        return new NotFoundException("no post " + Ids.shorten(postId));
    }

    /** Posts in the channel; the customers it mentions (each of this hub) see it on their timelines. */
    public ChannelPost post(String hubId, String channelId, String body, String author, List<String> customerIds) {
        Channel channel = get(hubId, channelId);
        ChannelPost.Draft draft = requireValidPost(hubId, new ChannelPost.Draft(body, author, customerIds == null ? List.of() : customerIds));
        Instant now = clock.instant();
        ChannelPost post = new ChannelPost(Ids.newId(ChannelPost.ID_PREFIX), channel.id(), draft.body(), draft.author(),
                draft.customerIds(), now, now, 1);
        repository.createPost(hubId, post);
        searchIndex.replace(hubId, null, NoteSearchIndex.Document.of(post));
        return post;
    }

    /**
     * Applies {@code change} to the current post and keeps the post as it was in its history; the
     * mentions and the search keys follow the new post.
     *
     * @param by who on the hub's team edits it (null: not said)
     * @param expectedVersion the version the caller saw ({@code If-Match}); {@link ExpectedVersion#ANY} to edit whatever is current
     */
    public ChannelPost updatePost(String hubId, String channelId, String postId, UnaryOperator<ChannelPost.Draft> change, String by,
            ExpectedVersion expectedVersion) {
        return Backoff.retry(WRITE_ATTEMPTS, () -> {
            ChannelPost current = post(hubId, channelId, postId);
            requireVersion(current, expectedVersion);
            ChannelPost.Draft draft = requireValidPost(hubId, change.apply(current.draft()));
            if (draft.equals(current.draft())) {
                return Optional.of(current);
            }
            Instant now = clock.instant();
            ChannelPost next = new ChannelPost(current.id(), current.channelId(), draft.body(), draft.author(), draft.customerIds(),
                    current.createdAt(), now, current.version() + 1);
            if (!repository.replacePost(hubId, current, next, new PostRevision(NoteRevision.Action.EDITED, by, now, current))) {
                return Optional.empty();
            }
            searchIndex.replace(hubId, NoteSearchIndex.Document.of(current), NoteSearchIndex.Document.of(next));
            return Optional.of(next);
        }, "the post kept changing; retry");
    }

    /** Deletes the post: it leaves the feed, the mentioned customers' timelines and search; its history stays. */
    public void deletePost(String hubId, String channelId, String postId, String by, ExpectedVersion expectedVersion) {
        Backoff.retry(WRITE_ATTEMPTS, () -> {
            ChannelPost current = post(hubId, channelId, postId);
            requireVersion(current, expectedVersion);
            if (!repository.deletePost(hubId, current, new PostRevision(NoteRevision.Action.DELETED, by, clock.instant(), current))) {
                return Optional.empty();
            }
            searchIndex.replace(hubId, NoteSearchIndex.Document.of(current), null);
            return Optional.of(current);
        }, "the post kept changing; retry");
    }

    /** The post's edits and its delete, newest first; kept after the post is deleted. */
    public Page<PostRevision> postHistory(String hubId, String channelId, String postId, PageRequest page) {
        Channel channel = get(hubId, channelId);
        if (!Ids.looksLike(ChannelPost.ID_PREFIX, postId)) {
            throw postNotFound(postId);
        }
        Page<PostRevision> revisions = repository.postHistory(hubId, channel.id(), postId, page);
        if (revisions.items().isEmpty() && page.cursor() == null && repository.posts(hubId, channel.id(), List.of(postId)).isEmpty()) {
            throw postNotFound(postId);
        }
        return revisions;
    }

    @Override
    public Map<String, Channel> channels(String hubId, Collection<String> channelIds) {
        if (channelIds.isEmpty()) {
            return Map.of();
        }
        return repository.all(hubId, MAX_CHANNELS).stream().filter(channel -> channelIds.contains(channel.id()))
                .collect(Collectors.toMap(Channel::id, channel -> channel));
    }

    /** A 422 for a post without text, too long, or mentioning more than {@value #MAX_MENTIONS} customers or another hub's. */
    private ChannelPost.Draft requireValidPost(String hubId, ChannelPost.Draft draft) {
        NoteService.requireBodySize(draft.body());
        List<FieldError> errors = new ArrayList<>();
        if (draft.body() == null || !VISIBLE.matcher(draft.body()).find()) {
            errors.add(new FieldError("body", "is required: the post's text"));
        }
        List<String> mentioned = draft.customerIds().stream().distinct().toList();
        if (mentioned.size() > MAX_MENTIONS) {
            errors.add(new FieldError("customerIds", "at most " + MAX_MENTIONS + " customers"));
        } else if (customers.findAll(hubId, mentioned).size() != mentioned.size()) {
            errors.add(new FieldError("customerIds", "must all be customers of this hub"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        NoteService.requireTeamMember("author", draft.author());
        return new ChannelPost.Draft(draft.body(), draft.author(), mentioned);
    }

    private static void requireVersion(ChannelPost current, ExpectedVersion expectedVersion) {
        if (!expectedVersion.matches(current.version())) {
            throw new PreconditionFailedException("If-Match does not match the current version of the post");
        }
    }

    /** Copies the note into the feed of every channel whose segment holds its customer now. */
    @Override
    public void noteCreated(String hubId, Note note) {
        copy(hubId, channelsHolding(hubId, note.customerId()), List.of(note));
    }

    /** Rewrites the note's copies in the feeds that hold them (at most {@value #MAX_CHANNELS}), then checks their customer's name. */
    @Override
    public void noteChanged(String hubId, Note note) {
        List<Channel> channels = channelsHolding(hubId, note.customerId());
        Map<String, CustomerName> names = names(hubId, List.of(note.customerId()));
        channels.forEach(channel -> repository.updateInFeed(hubId, channel.id(), note, names.get(note.customerId())));
        renameWhereChanged(hubId, channels, List.of(note), names);
    }

    /** Takes the note's copies out of the feeds that hold them. */
    @Override
    public void noteDeleted(String hubId, Note note) {
        channelsHolding(hubId, note.customerId())
                .forEach(channel -> repository.removeFromFeed(hubId, channel.id(), List.of(new NoteSearchIndex.Ref(note.customerId(), note.id()))));
    }

    @Override
    public int eraseMentions(String hubId, String customerId, int max) {
        return repository.eraseMentions(hubId, customerId, max);
    }

    /**
     * A customer joined a segment: their notes, all of them, are copied into the feeds of its
     * channels by join steps chained on the stream (a step item per customer), not in this call.
     */
    @Override
    public void joined(String hubId, String segmentId, String customerId) {
        if (!channelsOf(hubId, segmentId).isEmpty()) {
            repository.startJoin(hubId, segmentId, customerId);
        }
    }

    /**
     * One join step: the customer's next notes (at most {@value #JOIN_STEP_WRITES} entries over the
     * segment's channels) copied, then the next step recorded (its record runs it), or the copy ended.
     *
     * @param run the copy this step belongs to (a rejoin starts another)
     * @param cursor where the previous step stopped (null: the first step)
     * @return whether the step was recorded (false: repeated, or the customer left or rejoined since)
     */
    public boolean joinStep(String hubId, String segmentId, String customerId, String run, String cursor) {
        List<Channel> channels = channelsOf(hubId, segmentId);
        Page<Note> page = stepNotes(hubId, customerId, channels, cursor);
        copy(hubId, channels, page.items());
        return repository.recordJoin(hubId, segmentId, customerId, run, cursor, page.nextCursor());
    }

    /** The customer's notes a step over {@code channels} handles from {@code cursor}: none when there is no channel. */
    private Page<Note> stepNotes(String hubId, String customerId, List<Channel> channels, String cursor) {
        return channels.isEmpty() ? new Page<>(List.of(), null)
                : notes.list(hubId, customerId, null, new PageRequest(joinStepNotes(channels.size()), cursor));
    }

    /**
     * A customer changed: if their display name did, its copies in the feeds are rewritten by rename
     * steps chained on the stream (a step item per customer, ADR 30), not in this call.
     */
    public void customerChanged(String hubId, Customer before, Customer after) {
        if (before != null && after != null && !Objects.equals(before.displayName(), after.displayName())
                && !repository.all(hubId, 1).isEmpty()) {
            repository.startRename(hubId, after.id());
        }
    }

    /**
     * One rename step: the customer's current name written into the entries of their next notes in
     * the channels holding them (at most {@value #JOIN_STEP_WRITES} entries, each only over an older
     * name), then the next step recorded (its record runs it), or the rewrite ended.
     *
     * @return whether the step was recorded (false: repeated, or the customer was renamed again since)
     */
    public boolean renameStep(String hubId, String customerId, String run, String cursor) {
        CustomerName name = names(hubId, List.of(customerId)).get(customerId);
        // A deleted customer's entries leave with them: nothing to rename.
        List<Channel> channels = name == null ? List.of() : channelsHolding(hubId, customerId);
        Page<Note> page = stepNotes(hubId, customerId, channels, cursor);
        for (Channel channel : channels) {
            page.items().forEach(note -> repository.renameInFeed(hubId, channel.id(), note.id(), name));
        }
        return repository.recordRename(hubId, customerId, run, cursor, page.nextCursor());
    }

    /** Notes a join step copies into {@code channels} channels: {@value #JOIN_STEP_WRITES} entries, at most a page of notes. */
    static int joinStepNotes(int channels) {
        return Math.max(1, Math.min(PageRequest.MAX_LIMIT, JOIN_STEP_WRITES / channels));
    }

    /** A customer left a segment (or was deleted): the copy of their notes stops and their notes leave the feeds of its channels. */
    @Override
    public void left(String hubId, String segmentId, String customerId) {
        List<Channel> channels = channelsOf(hubId, segmentId);
        if (channels.isEmpty()) {
            return;
        }
        repository.cancelJoin(hubId, segmentId, customerId);
        for (Channel channel : channels) {
            eachPageOfNotes(hubId, customerId, page -> repository.removeFromFeed(hubId, channel.id(),
                    page.stream().map(n -> new NoteSearchIndex.Ref(n.customerId(), n.id())).toList()));
        }
    }

    /** The segment was deleted (its memberships go with it): its channels show their posts only from now on. */
    @Override
    public void segmentDeleted(String hubId, String segmentId) {
        channelsOf(hubId, segmentId).forEach(channel -> repository.markSegmentDeleted(hubId, channel.id()));
    }

    private List<Channel> channelsOf(String hubId, String segmentId) {
        return repository.all(hubId, MAX_CHANNELS).stream().filter(channel -> channel.segmentId().equals(segmentId)).toList();
    }

    /** The channels whose segment holds the customer now: one read of the channels, one of the membership per segment. */
    private List<Channel> channelsHolding(String hubId, String customerId) {
        Map<String, List<Channel>> bySegment = repository.all(hubId, MAX_CHANNELS).stream().collect(Collectors.groupingBy(Channel::segmentId));
        return bySegment.entrySet().stream()
                .filter(segment -> !repository.members(hubId, segment.getKey(), List.of(customerId)).isEmpty())
                .flatMap(segment -> segment.getValue().stream()).toList();
    }

    /**
     * Copies the notes into the channels' feeds, then reads their customers' memberships and the
     * notes again: a copy of a customer who left meanwhile, or of a note deleted meanwhile, is taken
     * out, and one of a note edited meanwhile rewritten; then their names, as {@link #renameWhereChanged}.
     * A leave, an edit, a delete and a rename write their change after the change itself, so
     * whichever comes second sees the other (ADR 30).
     */
    private void copy(String hubId, List<Channel> channels, List<Note> written) {
        if (channels.isEmpty() || written.isEmpty()) {
            return;
        }
        List<String> owners = written.stream().map(Note::customerId).distinct().toList();
        Map<String, CustomerName> names = names(hubId, owners);
        channels.forEach(channel -> repository.addToFeed(hubId, channel.id(), written, names));
        Map<String, Set<String>> membersBySegment = channels.stream().map(Channel::segmentId).distinct()
                .collect(Collectors.toMap(segmentId -> segmentId, segmentId -> repository.members(hubId, segmentId, owners)));
        Map<String, Note> current = notes.findAll(hubId, written.stream().map(n -> new NoteSearchIndex.Ref(n.customerId(), n.id())).toList());
        for (Channel channel : channels) {
            Set<String> members = membersBySegment.get(channel.segmentId());
            repository.removeFromFeed(hubId, channel.id(), written.stream()
                    .filter(note -> !members.contains(note.customerId()) || !current.containsKey(note.id()))
                    .map(note -> new NoteSearchIndex.Ref(note.customerId(), note.id())).toList());
            written.stream().map(note -> current.get(note.id()))
                    .filter(now -> now != null && members.contains(now.customerId()))
                    .filter(now -> written.stream().anyMatch(note -> note.id().equals(now.id()) && note.version() != now.version()))
                    .forEach(now -> repository.updateInFeed(hubId, channel.id(), now, names.get(now.customerId())));
        }
        renameWhereChanged(hubId, channels, written, names);
    }

    /**
     * Reads the names of the notes' customers again after their entries were written with
     * {@code written}: a rename whose steps passed these entries before they were written is
     * written into them now (a rename after this read has its steps come after the entries).
     */
    private void renameWhereChanged(String hubId, List<Channel> channels, List<Note> notesWritten, Map<String, CustomerName> written) {
        Map<String, CustomerName> now = names(hubId, written.keySet());
        List<Note> renamed = notesWritten.stream().filter(note -> now.containsKey(note.customerId())
                && !Objects.equals(now.get(note.customerId()).name(), written.get(note.customerId()).name())).toList();
        for (Channel channel : channels) {
            renamed.forEach(note -> repository.renameInFeed(hubId, channel.id(), note.id(), now.get(note.customerId())));
        }
    }

    /** The customers' display names as of their current versions (one consistent BatchGetItem); a deleted customer has none. */
    private Map<String, CustomerName> names(String hubId, Collection<String> customerIds) {
        return customers.findAll(hubId, customerIds).values().stream()
                .collect(Collectors.toMap(Customer::id, customer -> new CustomerName(customer.displayName(), customer.version())));
    }

    /** The customer's notes, a page of {@value PageRequest#MAX_LIMIT} at a time (one Query each). */
    private void eachPageOfNotes(String hubId, String customerId, Consumer<List<Note>> action) {
        Pages.each(cursor -> notes.list(hubId, customerId, null, new PageRequest(PageRequest.MAX_LIMIT, cursor)), page -> {
            action.accept(page.items());
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
