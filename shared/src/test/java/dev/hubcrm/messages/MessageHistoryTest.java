package dev.hubcrm.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The message history on DynamoDB Local: newest first, paged, per customer and per hub. */
class MessageHistoryTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");

    @Test
    void aCustomersMessagesAreListedNewestFirstPageByPageAndNoOneElses() {
        String table = dynamo.freshTable();
        HubService hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        CustomerService customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        MessageHistory history = new MessageHistory(new DynamoMessageRepository(dynamo.client(), table), customers);
        String hubId = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        String otherHubId = hubs.create(new NewHub("Autre", "EUR", "Europe/Paris")).hub().id();
        String ana = customer(customers, hubId, "ana@example.com");
        String bob = customer(customers, hubId, "bob@example.com");
        for (int i = 1; i <= 3; i++) {
            history.emailSent(hubId, ana, "low-balance-reminder", "Reminder " + i, "ses-" + i, clock.instant());
            clock.advance(Duration.ofDays(7));
        }
        history.emailSent(hubId, bob, "low-balance-reminder", "For Bob", "ses-bob", clock.instant());

        Page<Message> first = history.of(hubId, ana, new PageRequest(2, null));
        Page<Message> second = history.of(hubId, ana, new PageRequest(2, first.nextCursor()));

        assertThat(first.items()).extracting(Message::subject).containsExactly("Reminder 3", "Reminder 2");
        assertThat(second.items()).extracting(Message::subject).containsExactly("Reminder 1");
        assertThat(second.nextCursor()).isNull();
        assertThat(first.items().getFirst()).satisfies(message -> {
            assertThat(message.id()).startsWith("msg_");
            assertThat(message.channel()).isEqualTo(Message.EMAIL);
            assertThat(message.status()).isEqualTo(Message.SENT);
            assertThat(message.providerMessageId()).isEqualTo("ses-3");
            assertThat(message.sentAt()).isEqualTo(clock.instant().minus(Duration.ofDays(7)));
        });
        assertThat(history.of(hubId, bob, new PageRequest(10, null)).items()).extracting(Message::subject).containsExactly("For Bob");
        assertThatThrownBy(() -> history.of(otherHubId, ana, new PageRequest(10, null))).isInstanceOf(NotFoundException.class);
    }

    private static String customer(CustomerService customers, String hubId, String email) {
        return customers.create(hubId, new CustomerDraft(CustomerType.PERSON, email, null, "Name", null, null, List.of(), Map.of(),
                false, null, false)).id();
    }
}
