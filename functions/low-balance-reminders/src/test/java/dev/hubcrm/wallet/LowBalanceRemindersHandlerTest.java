package dev.hubcrm.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.mail.LocalOutbox;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replays the daily scheduled event through the real low-balance-reminders handler, twice. */
class LowBalanceRemindersHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static AppContext app;
    private static final LocalOutbox OUTBOX = new LocalOutbox(Clock.systemUTC());

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO)
                .withCheckout(new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL), () -> "whsec_test", () -> "portal-secret-for-tests").withMailer(OUTBOX);
    }

    @AfterAll
    static void stop() {
        app.dynamo().close();
        dynamoDb.close();
    }

    @Test
    void theScheduledRunRemindsALowCustomerOnceAcrossRuns() {
        String hubId = app.hubs().create(new NewHub("Ferme du Lac", "EUR", "Europe/Paris")).hub().id();
        app.hubs().update(hubId, s -> new HubSettings(s.name(), s.timezone(), "bonjour@fermedulac.example", s.statusRules(), s.fields(),
                new WalletSettings(0, false, 500L, 7, null), s.engagementRules()));
        app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, "nina@example.com", null, "Nina", null, null,
                List.of(), Map.of(), false, null, false));
        ScheduledEvent daily = Events.load("scheduled/low-balance-reminders.json", Map.of(), ScheduledEvent.class);

        String first = new LowBalanceRemindersHandler(app).handleRequest(daily, new InvocationContext("low-balance-reminders", 1024));
        String second = new LowBalanceRemindersHandler(app).handleRequest(daily, new InvocationContext("low-balance-reminders", 1024));

        assertThat(first).isEqualTo("hubs=1 matched=1 reminded=1 skipped=0 failed=0 failedHubs=0");
        assertThat(second).isEqualTo("hubs=1 matched=1 reminded=0 skipped=1 failed=0 failedHubs=0");
        assertThat(OUTBOX.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.message().to()).containsExactly("nina@example.com");
            // The hub has no verified sender identity: the platform's address under the hub's name, replies to the hub.
            assertThat(sent.message().from()).isEqualTo("\"Ferme du Lac\" <wallet@hubcrm.invalid>");
            assertThat(sent.message().headers()).containsExactly(Map.entry("Reply-To", "bonjour@fermedulac.example"));
            assertThat(sent.message().text()).contains("Nina", "0.00 EUR", AppContext.LOCAL_BASE_URL + "/_local/checkout/");
        });
    }
}
