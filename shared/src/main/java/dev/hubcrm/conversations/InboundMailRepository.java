package dev.hubcrm.conversations;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.util.Optional;

/**
 * Where inbound mail lands, once per Message-ID and hub: as a customer's email note, or in the
 * hub's inbox until it is assigned. Every method acts inside one hub.
 */
public interface InboundMailRepository {
    /** Who an inbox mail was assigned to, and the note it became. */
    record Assignment(String customerId, String noteId) {
    }

    /** Writes the note unless a mail with this Message-ID reached the hub before; false then, and nothing written. */
    boolean addNote(String hubId, String messageId, Note note);

    /** Puts the mail in the inbox unless a mail with this Message-ID reached the hub before; false then. */
    boolean addToInbox(String hubId, InboxMail mail);

    Optional<InboxMail> find(String hubId, String inboxId);

    /** The inbox, newest first. */
    Page<InboxMail> list(String hubId, PageRequest page);

    /** Moves the mail out of the inbox into {@code note} in one transaction; false when it left the inbox before. */
    boolean assign(String hubId, InboxMail mail, Note note);

    Optional<Assignment> assignment(String hubId, String inboxId);

    /** What the first delivery of {@code messageId} to the hub made: a note's or an inbox mail's id; empty when none came. */
    Optional<String> madeInto(String hubId, String messageId);
}
