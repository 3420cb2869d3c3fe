package dev.hubcrm.bench;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;

import dev.hubcrm.common.Ids;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.mail.LocalOutbox;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.wallet.LocalCheckoutGateway;
import dev.hubcrm.wallet.LowBalanceReminders;
import dev.hubcrm.wallet.WalletService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The wallet's two numbers. Low-balance job: {@code customers} customer items in one hub (written
 * raw, 25 a BatchWriteItem), {@code low} of them below the hub's threshold; one run of the real
 * job, counting the index items it read against the customers it matched (target at most 1.1).
 * Charge: p50 of {@link WalletService#charge} (one conditional transaction, the hub's floor
 * remembered for 30 s, ADR 8) against a raw conditional UpdateItem that debits a balance only above a floor.
 */
final class WalletBench {
    private static final String TABLE = "hubcrm-bench-wallet";
    private static final long THRESHOLD = 1_000;

    record LowBalance(int customers, LowBalanceReminders.Run run) {
    }

    private WalletBench() {
    }

    static AppContext app(URI dynamoEndpoint, String operatorKeySha256) {
        AppContext app = AppContext.local(dynamoEndpoint, TABLE, operatorKeySha256, AppContext.systemClock(), Duration.ofSeconds(30))
                .withCheckout(new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL), () -> "whsec_bench", () -> "portal-secret-for-tests").withMailer(new LocalOutbox(Clock.systemUTC()));
        TableProvisioner.ensureTable(app.dynamo(), TABLE, false);
        return app;
    }

    static LowBalance lowBalance(AppContext app, int customers, int low) {
        String hubId = app.hubs().create(new NewHub("Reminder bench hub", "EUR", "Europe/Paris")).hub().id();
        app.hubs().update(hubId, s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), s.statusRules(), s.fields(),
                new WalletSettings(0, false, THRESHOLD, 7, null), s.engagementRules()));
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            String id = Ids.newId("cus");
            Map<String, AttributeValue> item = new HashMap<>(key(TableDesign.hubPartition(hubId), "CUST#" + id));
            item.put("kind", s("customer"));
            item.put("id", s(id));
            item.put("email", s("customer-" + i + "@example.com"));
            item.put("balance", n(i < low ? THRESHOLD - 1 - i : THRESHOLD + i));
            item.put("version", n(1));
            puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        }
        BatchWrites.write(app.dynamo(), TABLE, puts);
        return new LowBalance(customers, app.lowBalanceReminders().run());
    }

    /** Charges through the service and raw conditional debits, alternating; answers their durations in nanoseconds. */
    static long[][] charges(AppContext app, int warmup, int calls) {
        String hubId = app.hubs().create(new NewHub("Charge bench hub", "EUR", "Europe/Paris")).hub().id();
        WalletService wallets = app.wallet();
        String charged = createCustomer(app, hubId);
        String raw = createCustomer(app, hubId);
        long opening = 100L * (warmup + calls);
        wallets.adjust(hubId, charged, opening, "bench credit");
        wallets.adjust(hubId, raw, opening, "bench credit");
        Map<String, AttributeValue> rawKey = key(TableDesign.hubPartition(hubId), "CUST#" + raw);
        long[] service = new long[calls];
        long[] direct = new long[calls];
        for (int i = 0; i < warmup + calls; i++) {
            long started = System.nanoTime();
            wallets.charge(hubId, charged, 100L, "bench-" + i);
            long charge = System.nanoTime() - started;
            started = System.nanoTime();
            app.dynamo().updateItem(r -> r.tableName(TABLE).key(rawKey)
                    .updateExpression("SET #balance = #balance - :amount")
                    .conditionExpression("#balance >= :min")
                    .expressionAttributeNames(Map.of("#balance", "balance"))
                    .expressionAttributeValues(Map.of(":amount", n(100), ":min", n(100))));
            long update = System.nanoTime() - started;
            if (i >= warmup) {
                service[i - warmup] = charge;
                direct[i - warmup] = update;
            }
        }
        return new long[][] {service, direct};
    }

    private static String createCustomer(AppContext app, String hubId) {
        return app.customers().create(hubId, new dev.hubcrm.customers.CustomerDraft(dev.hubcrm.customers.CustomerType.PERSON,
                null, "+33600000000", "Bench", null, null, List.of(), Map.of(), false, null, false)).id();
    }
}
