package dev.hubcrm.campaigns;

import dev.hubcrm.customers.Suppression;
import dev.hubcrm.messages.DeliveryEvent;
import java.time.Instant;
import java.util.Optional;

/** Where the mail provider's events about campaign mail are recorded, once per mail and event. */
public interface MailEventRepository {
    /**
     * A campaign mail as the sender recorded it: whose it is and its entry in the customer's message history.
     *
     * @param suppressed whether its bounce or complaint suppressed the customer's address already
     */
    record SentMail(String customerId, String campaignId, String messageId, boolean suppressed) {
    }

    /** The campaign mail the provider knows as {@code providerMessageId} in the hub; empty when there is none. */
    Optional<SentMail> sentMail(String hubId, String providerMessageId);

    /**
     * Records {@code event} of the mail: its time on the message, its entry on the customer's timeline
     * and the campaign's counter once (false, nothing counted, when it was recorded before), and moves the message's status up to the
     * event's unless it is past it already (also for a repeat, which may finish what a crash left).
     */
    boolean record(String hubId, String providerMessageId, SentMail mail, DeliveryEvent event, Instant at);

    /**
     * Suppresses the customer's address for the hub because of this mail, once per mail: after the hub
     * cleared it, the same mail's event again does not suppress it anew. A bounce's suppression puts
     * {@code message.bounced} in the outbox in the same transaction. Nothing for a deleted customer.
     */
    void suppress(String hubId, String providerMessageId, SentMail mail, Suppression suppression);
}
