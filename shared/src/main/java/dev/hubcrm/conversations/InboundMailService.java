package dev.hubcrm.conversations;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.HubService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Mail sent to a hub's inbound address (ADR 28): from a customer's address it becomes their
 * {@code email} note (through {@link NoteService}, so search and the timeline have it like any
 * note); from any other address it waits in the hub's inbox, to be assigned to a customer or to a
 * new lead. A Message-ID reaches a hub once, however often it is delivered.
 */
public final class InboundMailService {
    private final InboundMailRepository repository;
    private final NoteService notes;
    private final NoteSearchIndex searchIndex;
    private final CustomerService customers;
    private final HubService hubs;
    private final String inboundDomain;
    private final Clock clock;

    /** What a delivery to one hub made: a note, an inbox mail, or nothing (the Message-ID reached the hub before). */
    public record Delivery(String hubId, Outcome outcome, String id) {
    }

    public enum Outcome {
        NOTE, INBOX, DUPLICATE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An assign: to an existing customer, or ({@code createLead}) to the sender as a new lead. */
    public record AssignTo(String customerId, boolean createLead) {
    }

    public InboundMailService(InboundMailRepository repository, NoteService notes, NoteSearchIndex searchIndex, CustomerService customers,
            HubService hubs, String inboundDomain, Clock clock) {
        this.repository = repository;
        this.notes = notes;
        this.searchIndex = searchIndex;
        this.customers = customers;
        this.hubs = hubs;
        this.inboundDomain = inboundDomain;
        this.clock = clock;
    }

    /**
     * Delivers one raw mail to each hub among {@code recipients}; addresses of no hub are left out.
     *
     * @throws InboundMailParser.UnreadableMailException for a mail too large or too odd to read (nothing written)
     */
    public List<Delivery> receive(byte[] raw, Collection<String> recipients) {
        InboundMail mail = InboundMailParser.parse(raw);
        List<Delivery> deliveries = new ArrayList<>();
        recipients.stream().map(recipient -> InboundAddress.hubId(recipient, inboundDomain)).flatMap(Optional::stream).distinct()
                .filter(this::hubExists).forEach(hubId -> deliveries.add(deliver(hubId, mail)));
        return deliveries;
    }

    private Delivery deliver(String hubId, InboundMail mail) {
        MailOrigin origin = mail.origin();
        Optional<Customer> sender = origin.from() == null ? Optional.empty() : customers.findByEmail(hubId, origin.from());
        if (sender.isPresent()) {
            return notes.createFromMail(hubId, sender.get().id(), origin, mail.text(),
                            note -> repository.addNote(hubId, origin.messageId(), note))
                    .or(() -> moveFromInbox(hubId, origin.messageId(), sender.get().id()))
                    .map(note -> new Delivery(hubId, Outcome.NOTE, note.id()))
                    .orElseGet(() -> new Delivery(hubId, Outcome.DUPLICATE, null));
        }
        InboxMail kept = new InboxMail(Ids.newId(InboxMail.ID_PREFIX), origin, mail.text(), clock.instant());
        if (!repository.addToInbox(hubId, kept)) {
            return new Delivery(hubId, Outcome.DUPLICATE, null);
        }
        searchIndex.replace(hubId, null, NoteSearchIndex.Document.of(kept));
        return new Delivery(hubId, Outcome.INBOX, kept.id());
    }

    /**
     * A Message-ID delivered again once its sender is a customer: when the first delivery still
     * waits in the inbox, it becomes the customer's note (once: the assign's condition on the inbox item).
     */
    private Optional<Note> moveFromInbox(String hubId, String messageId, String customerId) {
        return repository.madeInto(hubId, messageId).filter(id -> Ids.looksLike(InboxMail.ID_PREFIX, id))
                .flatMap(inboxId -> repository.find(hubId, inboxId))
                .flatMap(kept -> toCustomer(hubId, kept, customerId));
    }

    /** Makes the inbox mail the customer's note and takes it out of the inbox and its search entries; empty when it left before. */
    private Optional<Note> toCustomer(String hubId, InboxMail kept, String customerId) {
        Optional<Note> note = notes.createFromMail(hubId, customerId, kept.origin(), kept.text(), made -> repository.assign(hubId, kept, made));
        note.ifPresent(made -> searchIndex.replace(hubId, NoteSearchIndex.Document.of(kept), null));
        return note;
    }

    private boolean hubExists(String hubId) {
        try {
            hubs.get(hubId);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The hub's inbox, newest first. */
    public Page<InboxMail> inbox(String hubId, PageRequest page) {
        return repository.list(hubId, page);
    }

    /**
     * Makes the inbox mail an email note of a customer and takes it out of the inbox. Safe to repeat:
     * once assigned, the same request answers the same note; another customer is a 409.
     */
    public Note assign(String hubId, String inboxId, AssignTo target) {
        if (!Ids.looksLike(InboxMail.ID_PREFIX, inboxId)) {
            throw notFound(inboxId);
        }
        Optional<InboxMail> mail = repository.find(hubId, inboxId);
        if (mail.isEmpty()) {
            return assignedBefore(hubId, inboxId, target);
        }
        String customerId = target.createLead() ? leadFor(hubId, mail.get().origin()) : customers.get(hubId, target.customerId()).id();
        return toCustomer(hubId, mail.get(), customerId).orElseGet(() -> assignedBefore(hubId, inboxId, target));
    }

    private Note assignedBefore(String hubId, String inboxId, AssignTo target) {
        InboundMailRepository.Assignment assignment = repository.assignment(hubId, inboxId).orElseThrow(() -> notFound(inboxId));
        if (!target.createLead() && !assignment.customerId().equals(target.customerId())) {
            throw new ConflictException("the mail was assigned to another customer: " + assignment.customerId());
        }
        return notes.get(hubId, assignment.customerId(), assignment.noteId());
    }

    /** The customer with the sender's address, or a new lead named after the sender (no marketing consent: a mail is none). */
    private String leadFor(String hubId, MailOrigin origin) {
        if (origin.from() == null) {
            throw ValidationException.of("createLead", "the mail has no sender address to make a lead of");
        }
        Optional<Customer> known = customers.findByEmail(hubId, origin.from());
        if (known.isPresent()) {
            return known.get().id();
        }
        String name = origin.fromName() == null ? null : Text.blankToNull(origin.fromName().replaceAll("\\p{Cntrl}", " "));
        if (name == null) {
            int at = origin.from().indexOf('@');
            name = at > 0 ? origin.from().substring(0, at) : origin.from();
        }
        try {
            return customers.create(hubId, new CustomerDraft(CustomerType.PERSON, origin.from(), null,
                    Text.cut(name, CustomerRules.MAX_NAME_LENGTH), null, null, List.of(), Map.of(), false, null, false)).id();
        } catch (ConflictException emailTaken) {
            return customers.findByEmail(hubId, origin.from()).orElseThrow(() -> emailTaken).id();
        }
    }

    private static NotFoundException notFound(String inboxId) {
        return new NotFoundException("no inbox mail " + Ids.shorten(inboxId));
    }
}
