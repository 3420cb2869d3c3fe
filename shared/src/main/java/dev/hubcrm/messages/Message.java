package dev.hubcrm.messages;

import java.time.Instant;

/**
 * One entry of a customer's message history: a mail sent (low-balance reminders, campaigns), or the
 * customer unsubscribing through a campaign mail's link.
 *
 * @param template what the message was ({@code low-balance-reminder}, {@code campaign}, {@code unsubscribe})
 * @param providerMessageId the mail provider's id of the message (SES's MessageId), to match its delivery events
 * @param status what happened to it as far as hubcrm knows ({@code sent}, {@code unsubscribed})
 * @param campaignId the campaign it belongs to; null for service mail
 */
public record Message(String id, String customerId, String channel, String template, String subject,
        String providerMessageId, String status, Instant sentAt, String campaignId) {
    public static final String ID_PREFIX = "msg";
    public static final String EMAIL = "email";
    public static final String SENT = "sent";
    public static final String UNSUBSCRIBED = "unsubscribed";
}
