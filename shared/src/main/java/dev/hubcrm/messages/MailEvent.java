package dev.hubcrm.messages;

import java.time.Instant;

/**
 * What happened to one campaign mail, at the time the mail provider says it happened: an entry of
 * the customer's timeline (the message itself shows only the latest status).
 *
 * @param messageId the message in the customer's history
 */
public record MailEvent(DeliveryEvent event, Instant at, String messageId, String campaignId) {
}
