package dev.hubcrm.messages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The order a message's status moves in: up only, whatever order the events arrive in. */
class DeliveryEventTest {
    @Test
    void aSentMessageMovesUpThroughDeliveredOpenedClicked() {
        assertThat(DeliveryEvent.DELIVERED.moves(Message.SENT)).isTrue();
        assertThat(DeliveryEvent.OPENED.moves("delivered")).isTrue();
        assertThat(DeliveryEvent.CLICKED.moves("opened")).isTrue();
        assertThat(DeliveryEvent.CLICKED.moves(Message.SENT)).isTrue();
    }

    @Test
    void aLateEventNeverMovesTheStatusBackOrSideways() {
        assertThat(DeliveryEvent.DELIVERED.moves("opened")).isFalse();
        assertThat(DeliveryEvent.OPENED.moves("clicked")).isFalse();
        assertThat(DeliveryEvent.OPENED.moves("opened")).isFalse();
        assertThat(DeliveryEvent.CLICKED.moves("bounced")).isFalse();
        assertThat(DeliveryEvent.BOUNCED.moves("complained")).isFalse();
    }

    @Test
    void bouncesAndComplaintsOutrankEngagementAndSuppress() {
        assertThat(DeliveryEvent.BOUNCED.moves("delivered")).isTrue();
        assertThat(DeliveryEvent.COMPLAINED.moves("clicked")).isTrue();
        assertThat(DeliveryEvent.COMPLAINED.moves("bounced")).isTrue();
        assertThat(DeliveryEvent.values()).filteredOn(DeliveryEvent::suppresses)
                .containsExactly(DeliveryEvent.BOUNCED, DeliveryEvent.COMPLAINED);
    }

    @Test
    void sesEventTypesMapToEventsAndOthersAreNotRecorded() {
        assertThat(DeliveryEvent.ofSesType("Delivery")).contains(DeliveryEvent.DELIVERED);
        assertThat(DeliveryEvent.ofSesType("Click")).contains(DeliveryEvent.CLICKED);
        assertThat(DeliveryEvent.ofSesType("Send")).isEmpty();
        assertThat(DeliveryEvent.ofSesType("DeliveryDelay")).isEmpty();
    }
}
