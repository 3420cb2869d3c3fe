package dev.hubcrm.wallet;

import dev.hubcrm.config.AppContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.mail.LocalOutbox;
import dev.hubcrm.mail.MailMessage;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.MessageHistory;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The low-balance job on DynamoDB Local: a customer or a hub that fails is counted, and the run goes on. */
class LowBalanceRemindersTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-11-23T06:00:00Z");
    private final LocalOutbox outbox = new LocalOutbox(clock);
    /** Addresses the mailer refuses, as SES refuses a send it will not make. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Mailer mailer = message -> {
        if (message.to().stream().anyMatch(refused::contains)) {
            throw new IllegalStateException("refused: " + message.to());
        }
        return outbox.send(message);
    };
    /** Hub ids the job finds besides the real ones (a hub gone since it was indexed). */
    private final List<String> extraHubs = new ArrayList<>();
    private String table;
    private HubService hubs;
    private CustomerService customers;
    private LowBalanceReminders reminders;

    @BeforeEach
    void wire() {
        table = dynamo.freshTable();
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        WalletService wallets = new WalletService(new DynamoWalletRepository(dynamo.client(), table), hubs, customers,
                new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL), new PortalLinks(() -> "portal-secret", () -> AppContext.LOCAL_BASE_URL),
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock), clock);
        DynamoReminderStore dynamoStore = new DynamoReminderStore(dynamo.client(), table);
        LowBalanceReminders.Store store = new LowBalanceReminders.Store() {
            @Override
            public List<String> hubsWithReminders() {
                List<String> all = new ArrayList<>(extraHubs);
                all.addAll(dynamoStore.hubsWithReminders());
                return all;
            }

            @Override
            public Page lowWallets(String hubId, long threshold) {
                return dynamoStore.lowWallets(hubId, threshold);
            }

            @Override
            public boolean claimReminder(String hubId, String customerId, Instant now, Instant remindedSince) {
                return dynamoStore.claimReminder(hubId, customerId, now, remindedSince);
            }

            @Override
            public void releaseReminder(String hubId, String customerId, Instant claimedAt) {
                dynamoStore.releaseReminder(hubId, customerId, claimedAt);
            }
        };
        reminders = new LowBalanceReminders(store, hubs, wallets, mailer,
                new MessageHistory(new DynamoMessageRepository(dynamo.client(), table), customers), "wallet@example.org", clock);
    }

    private String hubWithReminders(String name) {
        String hubId = hubs.create(new NewHub(name, "EUR", "Europe/Paris")).hub().id();
        hubs.update(hubId, s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), s.statusRules(), s.fields(),
                new WalletSettings(0, false, 500L, 7, null), s.engagementRules()));
        return hubId;
    }

    private void customer(String hubId, String email) {
        customers.create(hubId, new CustomerDraft(CustomerType.PERSON, email, null, "Someone", null, null,
                List.of(), Map.of(), false, null, false));
    }

    private List<String> mailedTo() {
        return outbox.sent().stream().map(LocalOutbox.Sent::message).map(MailMessage::to).flatMap(List::stream).toList();
    }

    @Test
    void aRefusedMailIsCountedAndTheRunRemindsTheOthersThenTheNextRunTriesItAgain() {
        String hubId = hubWithReminders("Ferme du Lac");
        customer(hubId, "ana@example.com");
        customer(hubId, "refused@example.com");
        customer(hubId, "zoe@example.com");
        refused.add("refused@example.com");

        LowBalanceReminders.Run first = reminders.run();

        assertThat(first.matched()).isEqualTo(3);
        assertThat(first.reminded()).isEqualTo(2);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.skipped()).isZero();
        assertThat(first.failedHubs()).isZero();
        assertThat(mailedTo()).containsExactlyInAnyOrder("ana@example.com", "zoe@example.com");

        // The failed customer's claim was given back: the next run reminds that customer only.
        refused.clear();
        clock.advance(java.time.Duration.ofHours(1));
        LowBalanceReminders.Run second = reminders.run();

        assertThat(second.reminded()).isEqualTo(1);
        assertThat(second.skipped()).isEqualTo(2);
        assertThat(second.failed()).isZero();
        assertThat(mailedTo()).containsExactlyInAnyOrder("ana@example.com", "zoe@example.com", "refused@example.com");
    }

    @Test
    void aHubThatCannotBeReadIsCountedAndTheOtherHubsAreReminded() {
        extraHubs.add("hub_gone");
        String hubId = hubWithReminders("Ferme du Lac");
        customer(hubId, "ana@example.com");

        LowBalanceReminders.Run run = reminders.run();

        assertThat(run.failedHubs()).isEqualTo(1);
        assertThat(run.hubs()).isEqualTo(1);
        assertThat(run.reminded()).isEqualTo(1);
        assertThat(mailedTo()).containsExactly("ana@example.com");
    }
}
