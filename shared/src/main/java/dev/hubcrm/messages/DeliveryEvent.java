package dev.hubcrm.messages;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the mail provider says happened to a sent mail, in the order a message's status moves:
 * {@code sent → delivered → opened → clicked}, then {@code bounced} and {@code complained}, which
 * outrank engagement (a bounce may arrive after a delivery; a complaint after an open). Events come
 * twice and out of order: the status only ever moves up this order.
 */
public enum DeliveryEvent {
    DELIVERED("delivered", "Delivery"),
    OPENED("opened", "Open"),
    CLICKED("clicked", "Click"),
    BOUNCED("bounced", "Bounce"),
    COMPLAINED("complained", "Complaint");

    private final String status;
    private final String sesEventType;

    DeliveryEvent(String status, String sesEventType) {
        this.status = status;
        this.sesEventType = sesEventType;
    }

    /** The message status it moves to, also the name of the campaign's counter and of the message's event time. */
    public String status() {
        return status;
    }

    /** SES's {@code eventType} for it; the other SES types (Send, Reject, DeliveryDelay...) are not recorded. */
    public static Optional<DeliveryEvent> ofSesType(String eventType) {
        return Arrays.stream(values()).filter(event -> event.sesEventType.equals(eventType)).findFirst();
    }

    /** The statuses a message may move from to this event's: {@code sent} and every event before this one. */
    public List<String> statusesBelow() {
        return Stream.concat(Stream.of(Message.SENT),
                Arrays.stream(values()).filter(event -> event.ordinal() < ordinal()).map(DeliveryEvent::status)).toList();
    }

    /** Whether a message now {@code current} moves to this event's status (never backwards, never sideways). */
    public boolean moves(String current) {
        return statusesBelow().contains(current);
    }

    /** Hard bounces and complaints mean the hub must not mail the address again. */
    public boolean suppresses() {
        return this == BOUNCED || this == COMPLAINED;
    }
}
