package dev.hubcrm.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    private static SQSEvent.SQSMessage message(Map<String, String> attributes) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setAttributes(attributes);
        return message;
    }

    @Test
    void aMissingCountIsTheFirstDelivery() {
        assertThat(Deliveries.receiveCount(message(null))).isEqualTo(1);
        assertThat(Deliveries.receiveCount(message(Map.of()))).isEqualTo(1);
        assertThat(Deliveries.receiveCount(message(Map.of("SentTimestamp", "1700000000000")))).isEqualTo(1);
    }

    @Test
    void aNumberIsTheCount() {
        assertThat(Deliveries.receiveCount(message(Map.of("ApproximateReceiveCount", "3")))).isEqualTo(3);
    }

    @Test
    void garbageCountsAsTheFirstDelivery() {
        assertThat(Deliveries.receiveCount(message(Map.of("ApproximateReceiveCount", "three")))).isEqualTo(1);
        assertThat(Deliveries.receiveCount(message(Map.of("ApproximateReceiveCount", "")))).isEqualTo(1);
        assertThat(Deliveries.receiveCount(message(Map.of("ApproximateReceiveCount", "99999999999")))).isEqualTo(1);
    }

    @Test
    void theLastAttemptIsWhenTheCountReachesTheAttempts() {
        assertThat(Deliveries.lastAttempt(message(Map.of("ApproximateReceiveCount", "4")), 5)).isFalse();
        assertThat(Deliveries.lastAttempt(message(Map.of("ApproximateReceiveCount", "5")), 5)).isTrue();
        assertThat(Deliveries.lastAttempt(message(Map.of("ApproximateReceiveCount", "6")), 5)).isTrue();
        assertThat(Deliveries.lastAttempt(message(null), 5)).isFalse();
        assertThat(Deliveries.lastAttempt(message(null), 1)).isTrue();
    }
}
