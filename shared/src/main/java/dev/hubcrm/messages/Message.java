package dev.hubcrm.messages;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of a customer's message history: a mail sent (low-balance reminders, campaigns), or the
 * customer unsubscribing through a campaign mail's link.
 *
 * @param template what the message was ({@code low-balance-reminder}, {@code campaign}, {@code unsubscribe})
 * @param providerMessageId the mail provider's id of the message (SES's MessageId), to match its delivery events
 * @param status what happened to it as far as hubcrm knows ({@code sent}, {@code unsubscribed})
 * @param campaignId the campaign it belongs to; null for service mail
 * @param events when each delivery event first arrived, by its status name ({@code delivered}...), in event order
 */
public record Message(String id, String customerId, String channel, String template, String subject,
        String providerMessageId, String status, Instant sentAt, String campaignId, Map<String, Instant> events) {
    public static final String ID_PREFIX = "msg";
    public static final String EMAIL = "email";
    public static final String SENT = "sent";
    public static final String UNSUBSCRIBED = "unsubscribed";

    public Message {
        events = events == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(events));
    }

    /** A message no delivery event reached yet. */
    public Message(String id, String customerId, String channel, String template, String subject, String providerMessageId,
            String status, Instant sentAt, String campaignId) {
        this(id, customerId, channel, template, subject, providerMessageId, status, sentAt, campaignId, Map.of());
    }
}
