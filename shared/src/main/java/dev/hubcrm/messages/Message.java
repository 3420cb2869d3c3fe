package dev.hubcrm.messages;

import java.time.Instant;

/**
 * One message sent to a customer (the message history): low-balance reminders now, campaigns later.
 *
 * @param template what the message was ({@code low-balance-reminder})
 * @param providerMessageId the mail provider's id of the message (SES's MessageId), to match its delivery events
 * @param status what happened to it as far as hubcrm knows ({@code sent})
 */
public record Message(String id, String customerId, String channel, String template, String subject,
        String providerMessageId, String status, Instant sentAt) {
    public static final String ID_PREFIX = "msg";
    public static final String EMAIL = "email";
    public static final String SENT = "sent";
}
