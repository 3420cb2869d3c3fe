package dev.hubcrm.timeline;

import dev.hubcrm.common.Page;
import dev.hubcrm.conversations.ChannelRepository;
import dev.hubcrm.conversations.NoteRepository;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerRepository;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.messages.MessageRepository;
import dev.hubcrm.wallet.WalletRepository;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A customer's timeline: orders, status changes, wallet movements, messages, notes and the channel posts
 * that mention the customer, merged newest
 * first. Each history is stored time-ordered on its own, so a page reads at most one page of each
 * and merges them; the cursor holds where each history stands.
 */
public final class Timeline {
    private final CustomerService customers;
    private final CustomerRepository customerHistory;
    private final WalletRepository wallets;
    private final MessageRepository messages;
    private final NoteRepository notes;
    private final ChannelRepository channels;

    public Timeline(CustomerService customers, CustomerRepository customerHistory, WalletRepository wallets,
            MessageRepository messages, NoteRepository notes, ChannelRepository channels) {
        this.customers = customers;
        this.customerHistory = customerHistory;
        this.wallets = wallets;
        this.messages = messages;
        this.notes = notes;
        this.channels = channels;
    }

    /** One history of the customer as timeline events, page by page (newest first). */
    private record Source(TimelineEvent.Kind kind, Function<PageRequest, Page<TimelineEvent>> pages) {
    }

    /** A page read from one history, and the position it was read from. */
    private record Read(Source source, String from, List<TimelineEvent> events, String next) {
    }

    /** The customer's timeline, newest first; an unknown customer is a NotFoundException. */
    public Page<TimelineEvent> of(String hubId, String customerId, PageRequest page) {
        customers.get(hubId, customerId);
        Map<TimelineEvent.Kind, String> positions = TimelineCursor.decode(page.cursor());
        List<Read> reads = new ArrayList<>();
        for (Source source : sources(hubId, customerId)) {
            String from = positions.get(source.kind());
            if (!TimelineCursor.DONE.equals(from)) {
                Page<TimelineEvent> read = source.pages().apply(new PageRequest(page.limit(), from));
                reads.add(new Read(source, from, read.items(), read.nextCursor()));
            }
        }
        int[] taken = new int[reads.size()];
        List<TimelineEvent> merged = new ArrayList<>();
        while (merged.size() < page.limit()) {
            int newest = -1;
            for (int i = 0; i < reads.size(); i++) {
                if (taken[i] < reads.get(i).events().size() && (newest < 0
                        || reads.get(i).events().get(taken[i]).at().isAfter(reads.get(newest).events().get(taken[newest]).at()))) {
                    newest = i;
                }
            }
            if (newest < 0) {
                break;
            }
            merged.add(reads.get(newest).events().get(taken[newest]++));
        }
        Map<TimelineEvent.Kind, String> after = new EnumMap<>(TimelineEvent.Kind.class);
        after.putAll(positions);
        for (int i = 0; i < reads.size(); i++) {
            after.put(reads.get(i).source().kind(), positionAfter(reads.get(i), taken[i]));
        }
        boolean more = after.values().stream().anyMatch(position -> !TimelineCursor.DONE.equals(position));
        return new Page<>(merged, more ? TimelineCursor.encode(after) : null);
    }

    /** Where a history stands once {@code taken} of the events read from it are on the page. */
    private static String positionAfter(Read read, int taken) {
        if (taken == read.events().size()) {
            return read.next() == null ? TimelineCursor.DONE : read.next();
        }
        if (taken == 0) {
            return read.from();
        }
        // Part of the page was used: the cursor after exactly that many (one more small Query).
        return read.source().pages().apply(new PageRequest(taken, read.from())).nextCursor();
    }

    private List<Source> sources(String hubId, String customerId) {
        return List.of(
                new Source(TimelineEvent.Kind.ORDER, page -> events(customerHistory.orders(hubId, customerId, page),
                        order -> new TimelineEvent(TimelineEvent.Kind.ORDER, order.placedAt(), order))),
                new Source(TimelineEvent.Kind.STATUS_CHANGE, page -> events(customerHistory.statusChanges(hubId, customerId, page),
                        change -> new TimelineEvent(TimelineEvent.Kind.STATUS_CHANGE, change.at(), change))),
                new Source(TimelineEvent.Kind.WALLET, page -> events(wallets.entries(hubId, customerId, page),
                        entry -> new TimelineEvent(TimelineEvent.Kind.WALLET, entry.createdAt(), entry))),
                new Source(TimelineEvent.Kind.MESSAGE, page -> events(messages.list(hubId, customerId, page),
                        message -> new TimelineEvent(TimelineEvent.Kind.MESSAGE, message.sentAt(), message))),
                // By creation, as the notes list orders them (their ids' ULIDs): an edit does not move a note.
                new Source(TimelineEvent.Kind.NOTE, page -> events(notes.list(hubId, customerId, null, page),
                        note -> new TimelineEvent(TimelineEvent.Kind.NOTE, note.createdAt(), note))),
                new Source(TimelineEvent.Kind.POST, page -> events(channels.mentions(hubId, customerId, page),
                        post -> new TimelineEvent(TimelineEvent.Kind.POST, post.createdAt(), post))));
    }

    private static <T> Page<TimelineEvent> events(Page<T> page, Function<T, TimelineEvent> event) {
        return new Page<>(page.items().stream().map(event).toList(), page.nextCursor());
    }
}
