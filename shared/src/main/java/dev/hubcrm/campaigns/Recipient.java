package dev.hubcrm.campaigns;

import java.time.Instant;

/** One customer a campaign goes to, as the snapshot recorded it when the send started. */
public record Recipient(String customerId, RecipientStatus status, String messageId, String failureReason, Instant sentAt,
        Instant leaseUntil) {
}
