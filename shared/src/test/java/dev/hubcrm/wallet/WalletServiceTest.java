package dev.hubcrm.wallet;

import dev.hubcrm.config.AppContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The wallet's money rules on DynamoDB Local: floor under concurrency, once-only charges, refunds and top-ups. */
class WalletServiceTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-11-23T09:00:00Z");
    private HubService hubs;
    private CustomerService customers;
    private DynamoCustomerRepository customerRepository;
    private DynamoWalletRepository repository;
    private WalletService wallets;
    private LocalCheckoutGateway checkout;
    private PortalLinks portalLinks;
    private String hubId;
    private String customerId;

    @BeforeEach
    void freshHubAndCustomer() {
        String table = dynamo.freshTable();
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customerRepository = new DynamoCustomerRepository(dynamo.client(), table);
        customers = new CustomerService(customerRepository, hubs, clock);
        repository = new DynamoWalletRepository(dynamo.client(), table);
        checkout = new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL);
        portalLinks = new PortalLinks(() -> "portal-secret", () -> AppContext.LOCAL_BASE_URL);
        wallets = new WalletService(repository, hubs, customers, checkout, portalLinks,
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock), clock);
        hubId = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        customerId = customers.create(hubId, new CustomerDraft(CustomerType.PERSON, "ana@example.com", null, "Ana", null, null,
                List.of(), Map.of(), false, null, false)).id();
    }

    private void walletSettings(WalletSettings settings) {
        hubs.update(hubId, s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), s.statusRules(), s.fields(), settings, s.engagementRules()));
    }

    /** What Stripe's events say of the top-up's card payment: paid, or refunded so far. */
    private StripePayment paid(TopUp topUp, long amount) {
        return new StripePayment(hubId, topUp.customerId(), topUp.id(), topUp.stripeAccount(), "pi_" + topUp.id(), amount, "eur",
                topUp.sessionId());
    }

    private long ledgerSum() {
        long sum = 0;
        String cursor = null;
        do {
            var page = wallets.transactions(hubId, customerId, new PageRequest(PageRequest.MAX_LIMIT, cursor));
            sum += page.items().stream().mapToLong(LedgerEntry::amount).sum();
            cursor = page.nextCursor();
        } while (cursor != null);
        return sum;
    }

    @Test
    void twoHundredConcurrentChargesNeverCrossTheFloorAndTheLedgerSumsToTheBalance() throws InterruptedException {
        walletSettings(new WalletSettings(-5_000, true, null, 7, null));
        wallets.adjust(hubId, customerId, 10_000L, "opening credit");
        AtomicInteger order = new AtomicInteger();
        List<Concurrently.Outcome<WalletService.ChargeResult>> outcomes = Concurrently.run(200,
                () -> wallets.charge(hubId, customerId, 100L, "order-" + order.incrementAndGet()));

        long charged = outcomes.stream().filter(Concurrently.Outcome::succeeded).count();
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(InsufficientFundsException.class));
        assertThat(charged).isEqualTo(150);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(-5_000);
        assertThat(ledgerSum()).isEqualTo(-5_000);
        assertThat(customers.get(hubId, customerId).balance()).isEqualTo(-5_000);
    }

    @Test
    void aRefusedChargeSaysHowMuchIsMissingAndLinksToATopUpOfThatMuch() {
        walletSettings(new WalletSettings(-1_000, true, null, 7, null));
        wallets.adjust(hubId, customerId, 500L, "opening credit");

        assertThatThrownBy(() -> wallets.charge(hubId, customerId, 2_000L, "order-1"))
                .isInstanceOfSatisfying(InsufficientFundsException.class, refusal -> {
                    assertThat(refusal.balance()).isEqualTo(500);
                    assertThat(refusal.shortfall()).isEqualTo(500);
                    assertThat(refusal.creditOnly()).isTrue();
                    assertThat(refusal.topUpUrl()).startsWith(AppContext.LOCAL_BASE_URL + LocalCheckoutGateway.PATH_PREFIX);
                });
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(500);
        assertThat(ledgerSum()).isEqualTo(500);
    }

    @Test
    void anOrderIsChargedOnceAndAnotherAmountForItIsAConflict() {
        wallets.adjust(hubId, customerId, 5_000L, "opening credit");
        WalletService.ChargeResult first = wallets.charge(hubId, customerId, 1_200L, "order-7");
        WalletService.ChargeResult again = wallets.charge(hubId, customerId, 1_200L, "order-7");

        assertThat(first.firstTime()).isTrue();
        assertThat(again.firstTime()).isFalse();
        assertThat(again.charge().id()).isEqualTo(first.charge().id());
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(3_800);
        assertThatThrownBy(() -> wallets.charge(hubId, customerId, 1_300L, "order-7")).isInstanceOf(ConflictException.class);
    }

    @Test
    void concurrentChargesOfOneOrderDebitOnce() throws InterruptedException {
        wallets.adjust(hubId, customerId, 5_000L, "opening credit");
        List<Concurrently.Outcome<WalletService.ChargeResult>> outcomes = Concurrently.run(20,
                () -> wallets.charge(hubId, customerId, 1_000L, "order-9"));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(o -> o.value().firstTime()).hasSize(1);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(4_000);
        assertThat(ledgerSum()).isEqualTo(4_000);
    }

    @Test
    void aRepeatedOrderIsAnsweredWithTheFirstChargeEvenWhenTheBalanceNoLongerCoversIt() {
        wallets.adjust(hubId, customerId, 1_000L, "opening credit");
        WalletService.ChargeResult first = wallets.charge(hubId, customerId, 1_000L, "order-1");

        // The transaction of the replay fails two conditions (orderRef taken, balance 0 < 0 + 1000):
        // it is a replay, not a refusal, and it creates no top-up.
        WalletService.ChargeResult again = wallets.charge(hubId, customerId, 1_000L, "order-1");

        assertThat(again.firstTime()).isFalse();
        assertThat(again.charge()).isEqualTo(first.charge());
        assertThat(wallets.wallet(hubId, customerId).balance()).isZero();
        assertThat(ledgerSum()).isZero();
        assertThat(wallets.transactions(hubId, customerId, new PageRequest(10, null)).items()).hasSize(2);
    }

    @Test
    void concurrentChargesOfOneOrderThatTheBalanceCoversOnceAreOneChargeAndReplaysNeverRefusals() throws InterruptedException {
        wallets.adjust(hubId, customerId, 1_000L, "opening credit");
        List<Concurrently.Outcome<WalletService.ChargeResult>> outcomes = Concurrently.run(20,
                () -> wallets.charge(hubId, customerId, 1_000L, "order-5"));

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(outcomes).filteredOn(o -> o.value().firstTime()).hasSize(1);
        assertThat(outcomes).extracting(o -> o.value().charge().id()).containsOnly(outcomes.get(0).value().charge().id());
        assertThat(wallets.wallet(hubId, customerId).balance()).isZero();
        assertThat(ledgerSum()).isZero();
    }

    @Test
    void aRefusalAfterEarlierChargesSaysTheBalanceTheFloorWasCheckedAgainstAndTheShortfall() {
        walletSettings(new WalletSettings(-500, false, null, 7, null));
        wallets.adjust(hubId, customerId, 1_000L, "opening credit");
        wallets.charge(hubId, customerId, 1_200L, "order-1");

        assertThatThrownBy(() -> wallets.charge(hubId, customerId, 400L, "order-2"))
                .isInstanceOfSatisfying(InsufficientFundsException.class, refusal -> {
                    assertThat(refusal.balance()).isEqualTo(-200);
                    assertThat(refusal.shortfall()).isEqualTo(100);
                    assertThat(refusal.creditOnly()).isFalse();
                });
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(-200);
        assertThat(ledgerSum()).isEqualTo(-200);
        assertThatThrownBy(() -> wallets.charge(hubId, "cus_01JAAAAAAAAAAAAAAAAAAAAAAA", 100L, "order-3"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aChargeWritesWithoutReadingFirstOnceItsHubsFloorIsKnownAndAReplayReadsOnlyTheFirstCharge() {
        List<String> calls = new CopyOnWriteArrayList<>();
        DynamoDbClient counted = counting(dynamo.client(), calls);
        String table = dynamo.freshTable();
        HubService countedHubs = new HubService(new DynamoHubRepository(counted, table), clock);
        CustomerService countedCustomers = new CustomerService(new DynamoCustomerRepository(counted, table), countedHubs, clock);
        WalletService counting = new WalletService(new DynamoWalletRepository(counted, table), countedHubs, countedCustomers,
                new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL), new PortalLinks(() -> "portal-secret", () -> AppContext.LOCAL_BASE_URL),
                new Quotas(new DynamoQuotaCounter(counted, table), clock), clock, Duration.ofSeconds(30));
        String hub = countedHubs.create(new NewHub("Compteur", "EUR", "Europe/Paris")).hub().id();
        String customer = countedCustomers.create(hub, new CustomerDraft(CustomerType.PERSON, "bo@example.com", null, "Bo", null, null,
                List.of(), Map.of(), false, null, false)).id();
        counting.adjust(hub, customer, 1_000L, "opening credit");

        calls.clear();
        counting.charge(hub, customer, 100L, "order-1");
        assertThat(calls).containsExactly("getItem", "transactWriteItems");
        calls.clear();
        counting.charge(hub, customer, 100L, "order-2");
        assertThat(calls).containsExactly("transactWriteItems");
        calls.clear();
        assertThat(counting.charge(hub, customer, 100L, "order-1").firstTime()).isFalse();
        assertThat(calls).containsExactly("transactWriteItems", "getItem");
    }

    @Test
    void aRaisedFloorHoldsChargesOnceTheRememberedFloorExpires() {
        walletSettings(new WalletSettings(-1_000, false, null, 7, null));
        wallets.charge(hubId, customerId, 100L, "order-1");
        walletSettings(new WalletSettings(0, false, null, 7, null));

        // Within the 30 s the floor is remembered (ADR 8), the old floor still lets a charge through...
        clock.advance(Duration.ofSeconds(29));
        assertThat(wallets.charge(hubId, customerId, 100L, "order-2").firstTime()).isTrue();
        // ...after them the new floor holds.
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> wallets.charge(hubId, customerId, 100L, "order-3"))
                .isInstanceOfSatisfying(InsufficientFundsException.class, refusal -> {
                    assertThat(refusal.balance()).isEqualTo(-200);
                    assertThat(refusal.shortfall()).isEqualTo(300);
                });
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(-200);
        assertThat(ledgerSum()).isEqualTo(-200);
    }

    @Test
    void aLoweredFloorLetsTheNextChargeThroughAtOnce() {
        assertThatThrownBy(() -> wallets.charge(hubId, customerId, 100L, "order-1")).isInstanceOf(InsufficientFundsException.class);
        walletSettings(new WalletSettings(-1_000, false, null, 7, null));

        WalletService.ChargeResult charged = wallets.charge(hubId, customerId, 100L, "order-1");

        assertThat(charged.firstTime()).isTrue();
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(-100);
        assertThat(ledgerSum()).isEqualTo(-100);
    }

    /** The client, recording the name of every request made through it. */
    private static DynamoDbClient counting(DynamoDbClient client, List<String> calls) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    // Each request once, whether made with a request or a builder consumer (which the client turns into one).
                    if (method.getParameterCount() == 1 && (method.getParameterTypes()[0].getSimpleName().endsWith("Request")
                            || method.getParameterTypes()[0] == java.util.function.Consumer.class)) {
                        calls.add(method.getName());
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void refundsOfAChargeNeverExceedItAlsoConcurrently() throws InterruptedException {
        wallets.adjust(hubId, customerId, 5_000L, "opening credit");
        LedgerEntry charge = wallets.charge(hubId, customerId, 1_000L, "order-3").charge();
        wallets.refund(hubId, customerId, charge.id(), 600L, "one item missing");
        assertThatThrownBy(() -> wallets.refund(hubId, customerId, charge.id(), 500L, null)).isInstanceOf(ConflictException.class);

        List<Callable<LedgerEntry>> refunds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            refunds.add(() -> wallets.refund(hubId, customerId, charge.id(), 100L, null));
        }
        List<Concurrently.Outcome<LedgerEntry>> outcomes = Concurrently.run(refunds);

        assertThat(outcomes).filteredOn(Concurrently.Outcome::succeeded).hasSize(4);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(5_000);
        assertThat(ledgerSum()).isEqualTo(5_000);
        assertThatThrownBy(() -> wallets.refund(hubId, customerId, "wtx_01JAAAAAAAAAAAAAAAAAAAAAAA", 1L, null))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void adjustmentsNeedAReasonAndDebitsRespectTheFloor() {
        assertThatThrownBy(() -> wallets.adjust(hubId, customerId, 100L, "  ")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> wallets.adjust(hubId, customerId, -1L, "correction")).isInstanceOf(InsufficientFundsException.class);
        assertThat(wallets.adjust(hubId, customerId, 300L, "goodwill").amount()).isEqualTo(300);
        assertThat(wallets.adjust(hubId, customerId, -300L, "correction").amount()).isEqualTo(-300);
        assertThat(wallets.wallet(hubId, customerId).balance()).isZero();
    }

    @Test
    void aTopUpIsCreditedOnceHoweverOftenItIsConfirmedAndMakesALeadACustomer() throws InterruptedException {
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);
        assertThat(customers.get(hubId, customerId).status()).isEqualTo(CustomerStatus.LEAD);

        List<Concurrently.Outcome<WalletService.Credit>> outcomes = Concurrently.run(20,
                () -> wallets.completeTopUp(paid(topUp, 2_500L)));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(o -> o.value() == WalletService.Credit.CREDITED).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.value() == WalletService.Credit.ALREADY_CREDITED).hasSize(19);
        Customer customer = customers.get(hubId, customerId);
        assertThat(customer.balance()).isEqualTo(2_500);
        assertThat(customer.lastTopUpAt()).isEqualTo(clock.instant());
        assertThat(customer.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(ledgerSum()).isEqualTo(2_500);
    }

    @Test
    void aPaymentOfAnotherAmountCreditsNothing() {
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);

        assertThat(wallets.completeTopUp(paid(topUp, 9_999L))).isEqualTo(WalletService.Credit.MISMATCH);
        assertThat(wallets.completeTopUp(new StripePayment(hubId, "cus_01JAAAAAAAAAAAAAAAAAAAAAAA", topUp.id(), null,
                "pi_1", 2_500L, "eur", topUp.sessionId()))).isEqualTo(WalletService.Credit.UNKNOWN_TOP_UP);
        assertThat(wallets.completeTopUp(new StripePayment(hubId, customerId, topUp.id(), null, "pi_1", 2_500L, "usd", topUp.sessionId())))
                .isEqualTo(WalletService.Credit.MISMATCH);
        assertThat(wallets.wallet(hubId, customerId).balance()).isZero();
    }

    @Test
    void aWalletWriteMovesTheCustomerVersionSoAStaleCustomerWriteCannotOverwriteTheBalance() {
        Customer before = customers.get(hubId, customerId);
        wallets.adjust(hubId, customerId, 700L, "goodwill");

        Customer stale = before.with(before.draft(), clock.instant());
        assertThat(customerRepository.replace(hubId, before, stale, Optional.empty())).isFalse();
        Customer renamed = customers.update(hubId, customerId, c -> new CustomerDraft(c.type(), c.email(), c.phone(), "Anna",
                c.lastName(), c.companyName(), c.tags(), c.fields(), c.marketingConsent(), null, c.statusPinned()),
                dev.hubcrm.common.ExpectedVersion.ANY, "manual");
        assertThat(renamed.balance()).isEqualTo(700);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(700);
    }

    @Test
    void aCardRefundDebitsWhatStripeRefundedOnceWhateverEventsCarryItAndInWhateverOrder() throws InterruptedException {
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);
        wallets.completeTopUp(paid(topUp, 2_500L));
        wallets.charge(hubId, customerId, 2_000L, "order-1");

        List<Concurrently.Outcome<WalletService.Debit>> partial = Concurrently.run(10, () -> wallets.refundTopUp(paid(topUp, 1_000L)));
        WalletService.Debit full = wallets.refundTopUp(paid(topUp, 2_500L));
        WalletService.Debit lateOlderEvent = wallets.refundTopUp(paid(topUp, 1_000L));
        WalletService.Debit fullAgain = wallets.refundTopUp(paid(topUp, 2_500L));

        assertThat(partial).allMatch(Concurrently.Outcome::succeeded);
        assertThat(partial).filteredOn(o -> o.value() == WalletService.Debit.DEBITED).hasSize(1);
        assertThat(full).isEqualTo(WalletService.Debit.DEBITED);
        assertThat(lateOlderEvent).isEqualTo(WalletService.Debit.ALREADY_DEBITED);
        assertThat(fullAgain).isEqualTo(WalletService.Debit.ALREADY_DEBITED);
        // The money went back to the card: the wallet goes below the floor (0) rather than lose the debit.
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(2_500 - 2_000 - 2_500);
        assertThat(ledgerSum()).isEqualTo(-2_000);
        List<LedgerEntry> refunds = wallets.transactions(hubId, customerId, new PageRequest(10, null)).items().stream()
                .filter(e -> e.type() == EntryType.REFUND).toList();
        assertThat(refunds).extracting(LedgerEntry::amount).containsExactly(-1_500L, -1_000L);
        assertThat(refunds).allSatisfy(refund -> {
            assertThat(refund.topUpId()).isEqualTo(topUp.id());
            assertThat(refund.actor()).isEqualTo(LedgerEntry.ACTOR_STRIPE);
            assertThat(refund.reason()).contains("pi_" + topUp.id());
        });
    }

    @Test
    void aRefundThatDoesNotMatchItsTopUpMovesNothingAndOneBeforeThePaymentIsConfirmedIsRetriedLater() {
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);
        StripePayment early = paid(topUp, 500L);

        assertThatThrownBy(() -> wallets.refundTopUp(early)).isInstanceOf(ConflictException.class);
        wallets.completeTopUp(paid(topUp, 2_500L));
        assertThat(wallets.refundTopUp(paid(topUp, 2_501L))).isEqualTo(WalletService.Debit.MISMATCH);
        assertThat(wallets.refundTopUp(new StripePayment(hubId, customerId, topUp.id(), null, "pi_other", 500L, "eur", null)))
                .isEqualTo(WalletService.Debit.MISMATCH);
        assertThat(wallets.refundTopUp(new StripePayment(hubId, customerId, topUp.id(), "acct_1Other", "pi_" + topUp.id(), 500L, "eur", null)))
                .isEqualTo(WalletService.Debit.MISMATCH);
        assertThat(wallets.refundTopUp(new StripePayment(hubId, customerId, "top_01JAAAAAAAAAAAAAAAAAAAAAAA", null, "pi_x", 500L, "eur", null)))
                .isEqualTo(WalletService.Debit.UNKNOWN_TOP_UP);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(2_500);
        assertThat(wallets.refundTopUp(early)).isEqualTo(WalletService.Debit.DEBITED);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(2_000);
    }

    @Test
    void aHubsConnectedAccountIsKeptOnItsTopUpsAndOnlyThatAccountsEventsMoveThem() {
        hubs.setStripeAccount(hubId, "acct_1HubFerme", "operator:test");
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);
        hubs.setStripeAccount(hubId, null, "operator:test");

        assertThat(topUp.stripeAccount()).isEqualTo("acct_1HubFerme");
        StripePayment fromPlatform = new StripePayment(hubId, customerId, topUp.id(), null, "pi_1", 2_500L, "eur", topUp.sessionId());
        assertThat(wallets.completeTopUp(fromPlatform)).isEqualTo(WalletService.Credit.MISMATCH);
        assertThat(wallets.failTopUp(hubId, customerId, topUp.id(), "acct_1Other", topUp.sessionId())).isFalse();
        assertThat(wallets.completeTopUp(paid(topUp, 2_500L))).isEqualTo(WalletService.Credit.CREDITED);
        assertThat(wallets.wallet(hubId, customerId).balance()).isEqualTo(2_500);
        assertThatThrownBy(() -> hubs.setStripeAccount(hubId, "sk_live_nope", "operator:test"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(dev.hubcrm.common.FieldError::field).containsExactly("stripeAccountId"));
    }

    /** Where the local checkout of {@code topUp} sends the customer back to. */
    private String returnUrlOf(TopUp topUp) {
        return checkout.session(topUp.sessionId()).orElseThrow().returnUrl();
    }

    @Test
    void aHubsTopUpReturnUrlIsWhereCheckoutSendsTheCustomerBack() {
        walletSettings(new WalletSettings(0, false, null, 7, null, "https://shop.example/wallet?from=top-up"));
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);

        assertThat(hubs.get(hubId).wallet().topUpReturnUrl()).isEqualTo("https://shop.example/wallet?from=top-up");
        assertThat(returnUrlOf(topUp)).isEqualTo("https://shop.example/wallet?from=top-up");
    }

    @Test
    void withoutATopUpReturnUrlCheckoutSendsTheCustomerBackToTheirPortal() {
        walletSettings(new WalletSettings(0, false, null, 7, null, "https://shop.example/wallet"));
        walletSettings(new WalletSettings(0, false, null, 7, null, null));
        TopUp topUp = wallets.startTopUp(hubId, customerId, 2_500L);

        assertThat(hubs.get(hubId).wallet().topUpReturnUrl()).isNull();
        assertThat(returnUrlOf(topUp))
                .isEqualTo(portalLinks.url(hubId, customerId, 0, clock.instant().plus(PortalLinks.VALIDITY)));
    }

    @Test
    void aTopUpReturnUrlMustBeAnAbsoluteHttpsUrlOfAtMost2000Characters() {
        String longest = "https://shop.example/" + "a".repeat(WalletSettings.MAX_RETURN_URL_LENGTH - "https://shop.example/".length());
        walletSettings(new WalletSettings(0, false, null, 7, null, longest));
        assertThat(hubs.get(hubId).wallet().topUpReturnUrl()).isEqualTo(longest);

        for (String bad : List.of("http://shop.example/wallet", "/wallet", "shop.example/wallet", "https://", "https:///wallet",
                "https://user:secret@shop.example/wallet", "javascript:alert(1)", "https://shop example/wallet", longest + "a",
                "https://shop.example/" + "a".repeat(3_000))) {
            assertThatThrownBy(() -> walletSettings(new WalletSettings(0, false, null, 7, null, bad)))
                    .as(bad).isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.errors()).extracting(dev.hubcrm.common.FieldError::field).containsExactly("wallet.topUpReturnUrl"));
        }
        assertThat(hubs.get(hubId).wallet().topUpReturnUrl()).isEqualTo(longest);
    }
}
