package dev.hubcrm.conversations;

import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.SearchText;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.hubs.HubService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Notes of the hub's team on its customers: create, edit and delete with a history, lists, due reminders. */
public final class NoteService {
    /** The longest body, in characters (code points). */
    public static final int MAX_BODY_CHARACTERS = 20_000;
    public static final int MAX_AUTHOR_CHARACTERS = 200;
    /** A name of the hub's team ({@code author}, {@code editedBy}, {@code deletedBy}): one line, not blank (as openapi.json says it). */
    public static final String TEAM_MEMBER_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$";
    private static final Pattern TEAM_MEMBER = Pattern.compile(TEAM_MEMBER_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
    /** A body holds something besides white space. */
    private static final Pattern VISIBLE = Pattern.compile("\\S", Pattern.UNICODE_CHARACTER_CLASS);
    /** Due times a reminder may have: a date typo far outside them is refused (and every time key stays fixed-width). */
    static final Instant EARLIEST_DUE = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST_DUE = Instant.parse("2200-01-01T00:00:00Z");
    /** Notes one purge step erases: a note has up to about 11,400 search keys (ADR 19), most far fewer. */
    static final int PURGE_NOTES = 50;
    static final int PURGE_REVISIONS = 200;
    static final int PURGE_MENTIONS = 200;
    /** Edits lost to a concurrent edit are applied again to the newer note this often. */
    private static final int WRITE_ATTEMPTS = 8;

    private final NoteRepository repository;
    private final NoteSearchIndex searchIndex;
    private final CustomerService customers;
    private final HubService hubs;
    private final NoteFeeds feeds;
    private final Clock clock;

    /**
     * What a search found, as its index entry shows it: a note with the customer it belongs to, a
     * channel post with its channel, or an inbox mail (neither).
     */
    public record Hit(NoteSearchIndex.Ref ref, NoteSearchIndex.Shown shown, Customer customer, Channel channel) {
    }

    public NoteService(NoteRepository repository, NoteSearchIndex searchIndex, CustomerService customers, HubService hubs, NoteFeeds feeds,
            Clock clock) {
        this.repository = repository;
        this.searchIndex = searchIndex;
        this.customers = customers;
        this.hubs = hubs;
        this.feeds = feeds;
        this.clock = clock;
    }

    /**
     * A 422 for a body over {@link #MAX_BODY_CHARACTERS}: checked before anything else reads the
     * body, so no input buys more work than its size allows.
     */
    public static void requireBodySize(String body) {
        if (body != null && (body.length() > 2 * MAX_BODY_CHARACTERS || body.codePointCount(0, body.length()) > MAX_BODY_CHARACTERS)) {
            throw ValidationException.of("body", "must be at most " + MAX_BODY_CHARACTERS + " characters");
        }
    }

    public Note create(String hubId, String customerId, NoteDraft draft) {
        requireValid(draft, null);
        customers.get(hubId, customerId);
        Instant now = clock.instant();
        Note note = new Note(Ids.newId(Note.ID_PREFIX), customerId, draft.kind(), draft.body(), draft.author(), draft.dueAt(), false,
                now, now, 1, null);
        repository.create(hubId, note);
        searchIndex.replace(hubId, null, NoteSearchIndex.Document.of(note));
        feeds.noteCreated(hubId, note);
        return note;
    }

    /**
     * An {@code email} note of the customer from a mail they sent, written by {@code store} (with
     * what makes it once only: the mail's Message-ID, or its leaving the inbox), then indexed for
     * search and announced to the channels' feeds like any note.
     *
     * @return the note, or empty when {@code store} wrote nothing (the mail made a note before)
     */
    public Optional<Note> createFromMail(String hubId, String customerId, MailOrigin mail, String text, Predicate<Note> store) {
        customers.get(hubId, customerId);
        Instant now = clock.instant();
        Note note = new Note(Ids.newId(Note.ID_PREFIX), customerId, NoteKind.EMAIL, text, null, null, false, now, now, 1, mail);
        if (!store.test(note)) {
            return Optional.empty();
        }
        searchIndex.replace(hubId, null, NoteSearchIndex.Document.of(note));
        feeds.noteCreated(hubId, note);
        return Optional.of(note);
    }

    public Note get(String hubId, String customerId, String noteId) {
        if (!Ids.looksLike(Note.ID_PREFIX, noteId)) {
            throw notFound(noteId);
        }
        return repository.find(hubId, customerId, noteId).orElseThrow(() -> notFound(noteId));
    }

    /**
     * Applies {@code change} to the current note and keeps the note as it was in its history.
     *
     * @param by who on the hub's team edits it (null: not said)
     * @param expectedVersion the version the caller saw ({@code If-Match}); {@link ExpectedVersion#ANY} to edit whatever is current
     */
    public Note update(String hubId, String customerId, String noteId, UnaryOperator<NoteDraft> change, String by,
            ExpectedVersion expectedVersion) {
        return Backoff.retry(WRITE_ATTEMPTS, () -> {
            Note current = get(hubId, customerId, noteId);
            requireVersion(current, expectedVersion);
            NoteDraft draft = change.apply(draftOf(current));
            requireValid(draft, current.kind());
            if (draft.equals(draftOf(current))) {
                return Optional.of(current);
            }
            Instant now = clock.instant();
            Note next = new Note(current.id(), customerId, draft.kind(), draft.body(), draft.author(), draft.dueAt(), draft.done(),
                    current.createdAt(), now, current.version() + 1, current.mail());
            if (!repository.replace(hubId, current, next, new NoteRevision(NoteRevision.Action.EDITED, by, now, current))) {
                return Optional.empty();
            }
            searchIndex.replace(hubId, NoteSearchIndex.Document.of(current), NoteSearchIndex.Document.of(next));
            feeds.noteChanged(hubId, next);
            return Optional.of(next);
        }, "the note kept changing; retry");
    }

    public void delete(String hubId, String customerId, String noteId, String by, ExpectedVersion expectedVersion) {
        Backoff.retry(WRITE_ATTEMPTS, () -> {
            Note current = get(hubId, customerId, noteId);
            requireVersion(current, expectedVersion);
            if (!repository.delete(hubId, current, new NoteRevision(NoteRevision.Action.DELETED, by, clock.instant(), current))) {
                return Optional.empty();
            }
            searchIndex.replace(hubId, NoteSearchIndex.Document.of(current), null);
            feeds.noteDeleted(hubId, current);
            return Optional.of(current);
        }, "the note kept changing; retry");
    }

    /** The customer was deleted: their notes are erased by purge steps chained through the table's stream (ADR 29). */
    public void customerDeleted(String hubId, String customerId) {
        repository.recordPurge(hubId, customerId, 0);
    }

    /**
     * One purge step of a deleted customer's notes: up to {@value #PURGE_NOTES} notes erased with
     * their index items and search keys, or once none is left up to {@value #PURGE_REVISIONS}
     * history entries, then up to {@value #PURGE_MENTIONS} mentions in posts; then the next step
     * recorded, or the purge ended. A repeated step finds less to do.
     */
    public void purgeStep(String hubId, String customerId, int step) {
        List<Note> page = repository.list(hubId, customerId, null, new PageRequest(PURGE_NOTES, null)).items();
        for (Note note : page) {
            repository.erase(hubId, note);
            searchIndex.replace(hubId, NoteSearchIndex.Document.of(note), null);
        }
        boolean more = !page.isEmpty() || repository.eraseHistory(hubId, customerId, PURGE_REVISIONS) > 0
                || feeds.eraseMentions(hubId, customerId, PURGE_MENTIONS) > 0;
        repository.recordPurge(hubId, customerId, more ? step + 1 : null);
    }

    /** The customer's notes, newest first, of one kind unless {@code kind} is null. */
    public Page<Note> list(String hubId, String customerId, NoteKind kind, PageRequest page) {
        customers.get(hubId, customerId);
        return repository.list(hubId, customerId, kind, page);
    }

    /** The note's edits and its delete, newest first; kept after the note is deleted. */
    public Page<NoteRevision> history(String hubId, String customerId, String noteId, PageRequest page) {
        if (!Ids.looksLike(Note.ID_PREFIX, noteId)) {
            throw notFound(noteId);
        }
        customers.get(hubId, customerId);
        Page<NoteRevision> revisions = repository.history(hubId, customerId, noteId, page);
        if (revisions.items().isEmpty() && page.cursor() == null && repository.find(hubId, customerId, noteId).isEmpty()) {
            throw notFound(noteId);
        }
        return revisions;
    }

    /**
     * The hub's open reminders in {@code window} (null: all of them), soonest first; "today" is the
     * hub's day in its timezone.
     */
    public Page<Note> openReminders(String hubId, DueWindow window, PageRequest page) {
        Page<Note> due;
        if (window == null) {
            due = repository.openReminders(hubId, EARLIEST_DUE, LATEST_DUE, page);
        } else {
            String timezone = hubs.get(hubId).timezone();
            ZoneId zone = timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
            Instant now = clock.instant();
            due = repository.openReminders(hubId, window.from(now, zone), window.until(now, zone), page);
        }
        // A deleted customer's notes stay behind (with their history); their reminders are nobody's to do.
        Set<String> customersLeft = customers.findAll(hubId, due.items().stream().map(Note::customerId).toList()).keySet();
        return new Page<>(due.items().stream().filter(note -> customersLeft.contains(note.customerId())).toList(), due.nextCursor());
    }

    /**
     * The hub's notes, channel posts and inbox mails that have a word starting with each word of
     * {@code query}, newest first, with their customers or channels. A page reads one page of the
     * index for the query's longest word and checks the other words on the words its entries carry
     * (ADR 31), so it can hold fewer hits than asked (even none) and still have a {@code nextCursor}.
     */
    public Page<Hit> search(String hubId, String query, PageRequest page) {
        if (query.length() > 2 * NoteTokens.MAX_QUERY_CHARACTERS
                || query.codePointCount(0, query.length()) > NoteTokens.MAX_QUERY_CHARACTERS) {
            throw ValidationException.of("q", "must be at most " + NoteTokens.MAX_QUERY_CHARACTERS + " characters");
        }
        List<String> words = SearchText.queryWords(query);
        String key = NoteTokens.lookupKey(words);
        if (key == null) {
            throw ValidationException.of("q", "needs a word of at least " + NoteTokens.MIN_PREFIX + " letters or digits");
        }
        Page<NoteSearchIndex.Entry> found = searchIndex.lookup(hubId, key, page);
        List<NoteSearchIndex.Entry> entries = showingNotesOfOlderEntries(hubId, found.items());
        // Every entry under the key has a word that starts with it, hence with each query word the key starts with.
        boolean check = !words.stream().allMatch(key::startsWith);
        Map<String, Set<String>> keptApart = check ? searchIndex.words(hubId,
                entries.stream().filter(entry -> entry.words() == null).map(NoteSearchIndex.Entry::ref).toList()) : Map.of();
        // Owners are read for their current names, and so that a deleted customer's or channel's items leave search at once.
        Map<String, Customer> owners = customers.findAll(hubId, owners(entries, ref -> !ref.isPost() && !ref.isInbox()));
        Map<String, Channel> channels = feeds.channels(hubId, owners(entries, NoteSearchIndex.Ref::isPost));
        List<Hit> hits = new ArrayList<>();
        for (NoteSearchIndex.Entry entry : entries) {
            NoteSearchIndex.Ref ref = entry.ref();
            Set<String> itemWords = entry.words() != null ? entry.words() : keptApart.get(ref.itemId());
            if (check && (itemWords == null || !NoteTokens.matches(itemWords, words))) {
                continue;
            }
            if (ref.isInbox()) {
                hits.add(new Hit(ref, entry.shown(), null, null));
            } else if (ref.isPost() ? channels.containsKey(ref.ownerId()) : owners.containsKey(ref.ownerId())) {
                hits.add(new Hit(ref, entry.shown(), owners.get(ref.ownerId()), channels.get(ref.ownerId())));
            }
        }
        return new Page<>(hits, found.nextCursor());
    }

    private static List<String> owners(List<NoteSearchIndex.Entry> entries, Predicate<NoteSearchIndex.Ref> kind) {
        return entries.stream().map(NoteSearchIndex.Entry::ref).filter(kind).map(NoteSearchIndex.Ref::ownerId).distinct().toList();
    }

    /**
     * Entries written before ADR 31 carry nothing to show ({@code shown} null): their notes are read
     * by key, as every hit was then, until an edit rewrites them; a note no longer there is left out.
     */
    private List<NoteSearchIndex.Entry> showingNotesOfOlderEntries(String hubId, List<NoteSearchIndex.Entry> entries) {
        List<NoteSearchIndex.Ref> older = entries.stream().filter(entry -> entry.shown() == null).map(NoteSearchIndex.Entry::ref)
                .filter(ref -> !ref.isPost() && !ref.isInbox()).toList();
        Map<String, Note> notes = older.isEmpty() ? Map.of() : repository.findAll(hubId, older);
        List<NoteSearchIndex.Entry> showing = new ArrayList<>();
        for (NoteSearchIndex.Entry entry : entries) {
            Note note = notes.get(entry.ref().itemId());
            if (entry.shown() != null) {
                showing.add(entry);
            } else if (note != null) {
                NoteSearchIndex.Document read = NoteSearchIndex.Document.of(note);
                showing.add(new NoteSearchIndex.Entry(entry.ref(), read.shown(), read.words()));
            }
        }
        return showing;
    }

    private static NoteDraft draftOf(Note note) {
        return new NoteDraft(note.kind(), note.body(), note.author(), note.dueAt(), note.done());
    }

    /** @param currentKind the kind of the note edited; null for a new note */
    private static void requireValid(NoteDraft draft, NoteKind currentKind) {
        requireBodySize(draft.body());
        List<FieldError> errors = new ArrayList<>();
        boolean email = draft.kind() == NoteKind.EMAIL;
        if (currentKind == NoteKind.EMAIL && !email) {
            errors.add(new FieldError("kind", "an email note stays an email note"));
        } else if (draft.kind() == null || (email && currentKind != NoteKind.EMAIL)) {
            errors.add(new FieldError("kind", "is required: one of " + NoteKind.WIRE_VALUES + " (email notes come from inbound mail)"));
        }
        // A mail may have had no text at all.
        if (draft.body() == null || (!email && !VISIBLE.matcher(draft.body()).find())) {
            errors.add(new FieldError("body", "is required: the note's text"));
        }
        teamMemberError("author", draft.author()).ifPresent(errors::add);
        boolean reminder = draft.kind() == NoteKind.REMINDER;
        if (reminder && draft.dueAt() == null) {
            errors.add(new FieldError("dueAt", "is required for a reminder"));
        }
        if (draft.dueAt() != null && (draft.dueAt().isBefore(EARLIEST_DUE) || !draft.dueAt().isBefore(LATEST_DUE))) {
            errors.add(new FieldError("dueAt", "must be from " + EARLIEST_DUE + " to before " + LATEST_DUE));
        }
        if (!reminder && draft.kind() != null && draft.dueAt() != null) {
            errors.add(new FieldError("dueAt", "only reminders have a due time (send null when the kind changes)"));
        }
        if (!reminder && draft.done()) {
            errors.add(new FieldError("done", "only reminders can be done"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** A 422 for a name of the hub's team that is blank, spans lines or is over {@value #MAX_AUTHOR_CHARACTERS} characters. */
    public static void requireTeamMember(String field, String name) {
        teamMemberError(field, name).ifPresent(error -> {
            throw new ValidationException(List.of(error));
        });
    }

    private static Optional<FieldError> teamMemberError(String field, String name) {
        if (name == null || (name.codePointCount(0, name.length()) <= MAX_AUTHOR_CHARACTERS && TEAM_MEMBER.matcher(name).matches())) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(field, "must be a name of 1 to " + MAX_AUTHOR_CHARACTERS + " characters on one line"));
    }

    private static void requireVersion(Note current, ExpectedVersion expectedVersion) {
        if (!expectedVersion.matches(current.version())) {
            throw new PreconditionFailedException("If-Match does not match the current version of the note");
        }
    }

    private static NotFoundException notFound(String noteId) {
        return new NotFoundException("no note " + Ids.shorten(noteId));
    }
}
