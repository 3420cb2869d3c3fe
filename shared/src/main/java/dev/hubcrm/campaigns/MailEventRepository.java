package dev.hubcrm.campaigns;

import dev.hubcrm.messages.DeliveryEvent;
import java.time.Instant;
import java.util.Optional;

/** Where the mail provider's events about campaign mail are recorded, once per mail and event. */
public interface MailEventRepository {
    /** A campaign mail as the sender recorded it: whose it is and its entry in the customer's message history. */
    record SentMail(String customerId, String campaignId, String messageId) {
    }

    /** The campaign mail the provider knows as {@code providerMessageId} in the hub; empty when there is none. */
    Optional<SentMail> sentMail(String hubId, String providerMessageId);

    /**
     * Records {@code event} of the mail: its time on the message and the campaign's counter once
     * (false, nothing counted, when it was recorded before), and moves the message's status up to the
     * event's unless it is past it already (also for a repeat, which may finish what a crash left).
     */
    boolean record(String hubId, String providerMessageId, SentMail mail, DeliveryEvent event, Instant at);
}
