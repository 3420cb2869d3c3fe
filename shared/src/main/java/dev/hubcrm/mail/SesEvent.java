package dev.hubcrm.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.messages.DeliveryEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * One SES event record as a configuration set publishes it ({@code {eventType, mail: {messageId,
 * destination, tags}, delivery|open|click|bounce|complaint: {timestamp...}}}), reduced to what
 * hubcrm records: never the addresses it carries.
 *
 * @param hubId the mail's {@code hub} tag; null for mail sent without one
 * @param at when the event happened (its own timestamp, else the mail's)
 */
public record SesEvent(String eventType, String messageId, String hubId, Instant at, String bounceType) {
    /** The tag naming the hub a mail was sent for. */
    public static final String HUB_TAG = "hub";

    public static SesEvent parse(JsonNode record) {
        String eventType = text(record.path("eventType"));
        String messageId = text(record.path("mail").path("messageId"));
        if (eventType == null || messageId == null) {
            throw ValidationException.of(eventType == null ? "eventType" : "mail.messageId", "is required");
        }
        JsonNode detail = record.path(eventType.toLowerCase(Locale.ROOT));
        String timestamp = Optional.ofNullable(text(detail.path("timestamp"))).orElse(text(record.path("mail").path("timestamp")));
        Instant at;
        try {
            at = timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw ValidationException.of("timestamp", "is not an ISO 8601 time");
        }
        return new SesEvent(eventType, messageId, text(record.path("mail").path("tags").path(HUB_TAG).path(0)), at,
                text(detail.path("bounceType")));
    }

    /** What the event means for the message; empty for events not recorded, and for soft bounces, which SES retries. */
    public Optional<DeliveryEvent> deliveryEvent() {
        return DeliveryEvent.ofSesType(eventType)
                .filter(event -> event != DeliveryEvent.BOUNCED || "Permanent".equals(bounceType));
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
