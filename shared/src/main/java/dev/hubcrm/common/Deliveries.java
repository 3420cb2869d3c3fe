package dev.hubcrm.common;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;

/** How often the queue has delivered a message, from its {@code ApproximateReceiveCount} attribute. */
public final class Deliveries {
    private Deliveries() {
    }

    /** The message's receive count; 1 when the attribute is missing or not a number. */
    public static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Whether the queue will move this message to its dead-letter queue if it fails once more, given
     * the queue's {@code maxReceiveCount} ({@code attempts}).
     */
    public static boolean lastAttempt(SQSEvent.SQSMessage message, int attempts) {
        return receiveCount(message) >= attempts;
    }
}
