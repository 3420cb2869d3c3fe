package dev.hubcrm.wallet;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.Order;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customers' prepaid wallets: charges that never cross the hub's floor, refunds that never exceed
 * their charge, adjustments with a reason, and top-ups paid through a {@link CheckoutGateway} and
 * credited exactly once when the payment is confirmed.
 */
public final class WalletService {
    private static final Logger LOG = LoggerFactory.getLogger(WalletService.class);
    public static final long MAX_AMOUNT = 100_000_000L;
    /** Card payments below this cost more in fees than they are worth (50 cents is Stripe's minimum in EUR). */
    public static final long MIN_TOP_UP = 100;
    public static final long MAX_TOP_UP = 1_000_000L;
    private static final int MAX_REASON_LENGTH = 500;
    /** The movements the portal shows. */
    private static final int PORTAL_ENTRIES = 20;
    /** Refund events of one payment racing each other: each attempt rereads the refunded total. */
    private static final int MAX_REFUND_ATTEMPTS = 5;
    /** A charge refused against a remembered floor is tried again when the hub's floor was lowered since: this often at most. */
    private static final int MAX_CHARGE_ATTEMPTS = 3;

    private final WalletRepository repository;
    private final HubService hubs;
    private final HubFloors floors;
    private final CustomerService customers;
    private final CheckoutGateway checkout;
    private final PortalLinks portalLinks;
    private final Quotas quotas;
    private final Clock clock;

    public WalletService(WalletRepository repository, HubService hubs, CustomerService customers, CheckoutGateway checkout,
            PortalLinks portalLinks, Quotas quotas, Clock clock) {
        this(repository, hubs, customers, checkout, portalLinks, quotas, clock, HubFloors.CACHE_FOR);
    }

    /**
     * @param floorCache how long a charge uses a hub's floor before reading the hub again (ADR 8);
     *     zero reads it for every charge
     */
    public WalletService(WalletRepository repository, HubService hubs, CustomerService customers, CheckoutGateway checkout,
            PortalLinks portalLinks, Quotas quotas, Clock clock, Duration floorCache) {
        this.repository = repository;
        this.hubs = hubs;
        this.floors = new HubFloors(hubs, floorCache, clock);
        this.customers = customers;
        this.checkout = checkout;
        this.portalLinks = portalLinks;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Wallet wallet(String hubId, String customerId) {
        return wallet(hubs.get(hubId), customerId);
    }

    private Wallet wallet(Hub hub, String customerId) {
        long balance = repository.balance(hub.id(), validId(customerId)).orElseThrow(() -> notFound(customerId));
        return new Wallet(customerId, balance, hub.currency(), hub.wallet().floor(), hub.wallet().creditOnly());
    }

    public Page<LedgerEntry> transactions(String hubId, String customerId, PageRequest page) {
        requireCustomer(hubId, customerId);
        return repository.entries(hubId, customerId, page);
    }

    /** What a charge did: debited now, or the charge of this orderRef made before. */
    public record ChargeResult(LedgerEntry charge, boolean firstTime) {
    }

    /**
     * Debits {@code amount} for the shop's order {@code orderRef}, once per order, only if the
     * balance stays at or above the hub's floor; otherwise an {@link InsufficientFundsException}
     * carrying a fresh top-up link for the shortfall.
     *
     * <p>The checkout's hot path: one transaction and no read before it. The floor is the one
     * remembered for the hub ({@link HubFloors}, ADR 8); the transaction's own conditions tell a
     * repeated orderRef (answered with the first charge) from a balance too low. A refusal reads
     * the hub again: when its floor is lower now than the one the charge used, the charge is tried
     * again with it, so lowering a floor is never held back by a remembered one.
     */
    public ChargeResult charge(String hubId, String customerId, Long amount, String orderRef) {
        List<FieldError> errors = new ArrayList<>();
        requireAmount(amount, "amount", errors);
        Order.refError(orderRef).ifPresent(errors::add);
        throwIfAny(errors);
        validId(customerId);
        long floor = floors.floor(hubId);
        LedgerEntry charge = new LedgerEntry(Ids.newId(LedgerEntry.ID_PREFIX), customerId, EntryType.CHARGE, -amount, null,
                LedgerEntry.ACTOR_HUB, orderRef, null, null, clock.instant());
        for (int attempt = 1; ; attempt++) {
            switch (repository.charge(hubId, charge, floor + amount)) {
                case WalletRepository.ChargeOutcome.Charged charged -> {
                    return new ChargeResult(charge, true);
                }
                case WalletRepository.ChargeOutcome.AlreadyCharged replay -> {
                    return sameCharge(replay.first(), amount);
                }
                case WalletRepository.ChargeOutcome.NoCustomer missing -> throw notFound(customerId);
                case WalletRepository.ChargeOutcome.Refused refused -> {
                    Hub hub = floors.fresh(hubId);
                    if (hub.wallet().floor() >= floor || attempt == MAX_CHARGE_ATTEMPTS) {
                        throw refusal(hub, customerId, amount, refused.balance());
                    }
                    floor = hub.wallet().floor();
                }
            }
        }
    }

    /** Gives back (part of) a charge; all refunds of a charge together never exceed it. */
    public LedgerEntry refund(String hubId, String customerId, String chargeId, Long amount, String reason) {
        List<FieldError> errors = new ArrayList<>();
        requireAmount(amount, "amount", errors);
        if (chargeId == null) {
            errors.add(new FieldError("chargeId", "is required: the id of a charge of this customer"));
        }
        String validReason = optionalReason(reason, errors);
        throwIfAny(errors);
        requireCustomer(hubId, customerId);
        LedgerEntry charge = repository.entry(hubId, customerId, chargeId).filter(e -> e.type() == EntryType.CHARGE)
                .orElseThrow(() -> ValidationException.of("chargeId", "is not a charge of this customer"));
        LedgerEntry refund = new LedgerEntry(Ids.newId(LedgerEntry.ID_PREFIX), customerId, EntryType.REFUND, amount, validReason,
                LedgerEntry.ACTOR_HUB, charge.orderRef(), charge.id(), null, clock.instant());
        WalletRepository.Write write = amount > -charge.amount() ? WalletRepository.Write.ALREADY_DONE
                : repository.refund(hubId, refund, charge);
        return switch (write) {
            case WRITTEN -> refund;
            case REFUSED -> throw notFound(customerId);
            case ALREADY_DONE -> throw new ConflictException("refunds of a charge cannot exceed it: "
                    + (-charge.amount() - repository.refunded(hubId, customerId, chargeId)) + " of it is left to refund",
                    new FieldError("amount", "is more than what is left to refund of this charge"));
        };
    }

    /**
     * A credit (positive) or debit (negative) by the hub, with the reason it is kept for. Debits
     * respect the floor like charges do.
     */
    public LedgerEntry adjust(String hubId, String customerId, Long amount, String reason) {
        List<FieldError> errors = new ArrayList<>();
        if (amount == null || amount == 0 || Math.abs(amount) > MAX_AMOUNT) {
            errors.add(new FieldError("amount", "is required: a non-zero whole amount in minor units from -"
                    + MAX_AMOUNT + " to " + MAX_AMOUNT + " (negative debits)"));
        }
        String validReason = optionalReason(reason, errors);
        if (validReason == null) {
            errors.add(new FieldError("reason", "is required: why the hub moves this money (1-" + MAX_REASON_LENGTH + " characters)"));
        }
        throwIfAny(errors);
        validId(customerId);
        Hub hub = hubs.get(hubId);
        LedgerEntry adjustment = new LedgerEntry(Ids.newId(LedgerEntry.ID_PREFIX), customerId, EntryType.ADJUSTMENT, amount,
                validReason, LedgerEntry.ACTOR_HUB, null, null, null, clock.instant());
        Long minBalanceBefore = amount < 0 ? hub.wallet().floor() - amount : null;
        return switch (repository.append(hubId, adjustment, minBalanceBefore)) {
            case WRITTEN -> adjustment;
            case REFUSED -> throw refusal(hub, customerId, -amount);
            case ALREADY_DONE -> throw new IllegalStateException("an adjustment has no claim that can be taken");
        };
    }

    /** A pending top-up and the checkout where the customer pays it. */
    public TopUp startTopUp(String hubId, String customerId, Long amount) {
        List<FieldError> errors = new ArrayList<>();
        if (amount == null || amount < MIN_TOP_UP || amount > MAX_TOP_UP) {
            errors.add(new FieldError("amount", "is required: a whole amount in minor units from " + MIN_TOP_UP + " to " + MAX_TOP_UP));
        }
        throwIfAny(errors);
        return startTopUp(hubs.get(hubId), customerId, amount);
    }

    /** A top-up of an amount hubcrm chose itself (a reminder's suggestion), for a hub already read. */
    TopUp startTopUp(Hub hub, String customerId, long amount) {
        requireCustomer(hub.id(), customerId);
        return checkoutFor(hub, customerId, amount);
    }

    /** The top-up a customer is sent to pay for {@code missing}: within the top-up limits. */
    static long suggestedTopUp(long missing) {
        return Math.clamp(missing, MIN_TOP_UP, MAX_TOP_UP);
    }

    private TopUp checkoutFor(Hub hub, String customerId, long amount) {
        TopUp pending = TopUp.pending(Ids.newId(TopUp.ID_PREFIX), customerId, amount, hub.currency(),
                hub.wallet().stripeAccountId(), clock.instant());
        // After paying (or not), Stripe sends the customer to the hub's page for it if it set one, else to their
        // portal, where the credit shows once confirmed.
        String returnUrl = hub.wallet().topUpReturnUrl() != null ? hub.wallet().topUpReturnUrl()
                : portalLinks.url(hub.id(), customerId, repository.portalVersion(hub.id(), customerId),
                        clock.instant().plus(PortalLinks.VALIDITY));
        CheckoutGateway.Session session = checkout.create(hub.id(), pending, returnUrl);
        TopUp topUp = pending.withCheckout(session.id(), session.url());
        repository.saveTopUp(hub.id(), topUp);
        return topUp;
    }

    /** What a confirmed payment did. */
    public enum Credit { CREDITED, ALREADY_CREDITED, UNKNOWN_TOP_UP, MISMATCH }

    /**
     * Credits a top-up whose payment was confirmed, exactly once however often it is confirmed
     * (Stripe retries, replays, several event types for one session); a lead who tops up becomes a
     * customer by the hub's rules. A payment of another amount, currency or Stripe account than the
     * top-up's, or of another Checkout Session than the one the top-up was created with (metadata
     * naming the top-up can be put on any session), credits nothing.
     */
    public Credit completeTopUp(StripePayment paid) {
        Optional<TopUp> found = repository.topUp(paid.hubId(), paid.customerId(), paid.topUpId());
        if (found.isEmpty()) {
            return Credit.UNKNOWN_TOP_UP;
        }
        TopUp topUp = found.get();
        if (topUp.amount() != paid.amount() || !sameOrigin(topUp, paid) || !ownSession(topUp, paid.sessionId())) {
            return Credit.MISMATCH;
        }
        if (topUp.status() != TopUp.Status.PENDING) {
            return Credit.ALREADY_CREDITED;
        }
        LedgerEntry credit = new LedgerEntry(Ids.newId(LedgerEntry.ID_PREFIX), topUp.customerId(), EntryType.TOP_UP, topUp.amount(),
                null, LedgerEntry.ACTOR_STRIPE, null, null, topUp.id(), clock.instant());
        return switch (repository.completeTopUp(paid.hubId(), topUp, credit, paid.paymentIntentId())) {
            case WRITTEN -> {
                applyStatusRulesAfterCredit(paid.hubId(), topUp.customerId());
                yield Credit.CREDITED;
            }
            case ALREADY_DONE -> Credit.ALREADY_CREDITED;
            case REFUSED -> Credit.UNKNOWN_TOP_UP;
        };
    }

    /**
     * The status step after a credit, which must never fail the credit: the money has landed, and a
     * failure here would make Stripe deliver the event again only to find it credited. A customer who
     * kept changing (or was deleted meanwhile) gets the status rules applied on their next change.
     */
    private void applyStatusRulesAfterCredit(String hubId, String customerId) {
        try {
            customers.applyStatusRules(hubId, customerId);
        } catch (RuntimeException e) {
            LOG.warn("top-up credited; its status rules were not applied", entry("hubId", hubId), entry("customerId", customerId), e);
        }
    }

    /** What a card refund did. */
    public enum Debit { DEBITED, ALREADY_DEBITED, UNKNOWN_TOP_UP, MISMATCH }

    /**
     * Debits what Stripe refunded of a top-up's card payment and was not debited yet: {@code
     * refunded.amount()} is the payment's refunded total, so each refund is debited once whatever
     * events carry it and in whatever order. Not held to the floor: the money has already gone back
     * to the card. A top-up whose payment is not confirmed yet is a {@link ConflictException}, which
     * makes Stripe deliver the event again later.
     */
    public Debit refundTopUp(StripePayment refunded) {
        for (int attempt = 0; attempt < MAX_REFUND_ATTEMPTS; attempt++) {
            Optional<TopUp> found = repository.topUp(refunded.hubId(), refunded.customerId(), refunded.topUpId());
            if (found.isEmpty()) {
                return Debit.UNKNOWN_TOP_UP;
            }
            TopUp topUp = found.get();
            if (topUp.status() == TopUp.Status.FAILED || refunded.amount() > topUp.amount() || !sameOrigin(topUp, refunded)
                    || topUp.paymentIntentId() != null && !topUp.paymentIntentId().equals(refunded.paymentIntentId())) {
                return Debit.MISMATCH;
            }
            if (topUp.status() == TopUp.Status.PENDING) {
                throw new ConflictException("the payment of top-up " + topUp.id() + " is not confirmed yet; its refund is debited once it is");
            }
            long notDebited = refunded.amount() - topUp.refunded();
            if (notDebited <= 0) {
                return Debit.ALREADY_DEBITED;
            }
            LedgerEntry debit = new LedgerEntry(Ids.newId(LedgerEntry.ID_PREFIX), topUp.customerId(), EntryType.REFUND, -notDebited,
                    "card payment " + refunded.paymentIntentId() + " refunded through Stripe", LedgerEntry.ACTOR_STRIPE, null, null,
                    topUp.id(), clock.instant());
            switch (repository.refundTopUp(refunded.hubId(), topUp, debit)) {
                case WRITTEN -> {
                    return Debit.DEBITED;
                }
                case REFUSED -> {
                    return Debit.UNKNOWN_TOP_UP;
                }
                case ALREADY_DONE -> {
                    // another event moved the refunded total meanwhile: read it again
                }
            }
        }
        throw new ConflictException("refunds of top-up " + refunded.topUpId() + " are being recorded concurrently; deliver the event again");
    }

    private static boolean sameOrigin(TopUp topUp, StripePayment payment) {
        return topUp.currency().equalsIgnoreCase(payment.currency()) && Objects.equals(topUp.stripeAccount(), payment.account());
    }

    /** The top-up records the session it was created with; only that session's events are about it. */
    private static boolean ownSession(TopUp topUp, String sessionId) {
        return sessionId != null && sessionId.equals(topUp.sessionId());
    }

    /**
     * A payment that failed after the checkout (a bank transfer that never came): the top-up is
     * closed unpaid, when the event is about its own session and comes from the Stripe account it was created on.
     */
    public boolean failTopUp(String hubId, String customerId, String topUpId, String account, String sessionId) {
        return repository.topUp(hubId, customerId, topUpId)
                .filter(topUp -> Objects.equals(topUp.stripeAccount(), account) && ownSession(topUp, sessionId))
                .map(topUp -> repository.failTopUp(hubId, topUp, clock.instant()))
                .orElse(false);
    }

    /** A signed link to the customer's portal, valid for {@link PortalLinks#VALIDITY}. */
    public PortalLink portalLink(String hubId, String customerId) {
        requireCustomer(hubId, customerId);
        Instant expiresAt = clock.instant().plus(PortalLinks.VALIDITY);
        return new PortalLink(portalLinks.url(hubId, customerId, repository.portalVersion(hubId, customerId), expiresAt), expiresAt);
    }

    /** Revokes every portal link of the customer made so far: they open nothing any more. */
    public void revokePortalLinks(String hubId, String customerId) {
        requireCustomer(hubId, customerId);
        repository.revokePortalLinks(hubId, customerId);
    }

    public record PortalLink(String url, Instant expiresAt) {
    }

    /** What the customer sees in the portal: the wallet and its latest movements. */
    public record PortalView(String hubName, Wallet wallet, List<LedgerEntry> entries) {
    }

    /** The portal of a valid token; a tampered, expired or revoked token, or a deleted customer, is not found. */
    public PortalView portal(String token) {
        PortalLinks.Portal portal = validPortal(token);
        Hub hub = hubs.get(portal.hubId());
        return new PortalView(hub.name(), wallet(hub, portal.customerId()),
                repository.entries(portal.hubId(), portal.customerId(), new PageRequest(PORTAL_ENTRIES, null)).items());
    }

    /** A top-up the customer starts from the portal, within the customer's {@link Quota#PORTAL_TOP_UPS}. */
    public TopUp portalTopUp(String token, Long amount) {
        PortalLinks.Portal portal = validPortal(token);
        quotas.take(portal.hubId(), Quota.PORTAL_TOP_UPS, portal.customerId());
        return startTopUp(portal.hubId(), portal.customerId(), amount);
    }

    /** The hub and customer of a valid portal token; a tampered or expired one is not found. */
    public PortalLinks.Portal validPortal(String token) {
        return portalLinks.verify(token, clock.instant())
                .filter(portal -> portal.version() == repository.portalVersion(portal.hubId(), portal.customerId()))
                .orElseThrow(() -> new NotFoundException("no such portal link"));
    }

    private InsufficientFundsException refusal(Hub hub, String customerId, long amount) {
        return refusal(hub, customerId, amount, repository.balance(hub.id(), customerId).orElseThrow(() -> notFound(customerId)));
    }

    /** The 402 of a debit refused at {@code balance}, against the hub's floor as read now. */
    private InsufficientFundsException refusal(Hub hub, String customerId, long amount, long balance) {
        WalletSettings settings = hub.wallet();
        long shortfall = Math.max(1, settings.floor() + amount - balance);
        long topUpAmount = suggestedTopUp(shortfall);
        String topUpUrl;
        try {
            topUpUrl = checkoutFor(hub, customerId, topUpAmount).checkoutUrl();
        } catch (CheckoutUnavailableException e) {
            // The refusal is the answer that matters (the shop must block the order); the top-up can be started later.
            LOG.warn("no top-up link for a refused debit: the checkout could not be opened", entry("hubId", hub.id()),
                    entry("customerId", customerId), e);
            topUpUrl = null;
        }
        return new InsufficientFundsException(balance, shortfall, settings.creditOnly(), topUpUrl, topUpAmount);
    }

    private static ChargeResult sameCharge(LedgerEntry known, long amount) {
        if (-known.amount() != amount) {
            throw new ConflictException("order " + known.orderRef() + " was charged before with another amount",
                    new FieldError("orderRef", "is already charged with a different amount"));
        }
        return new ChargeResult(known, false);
    }

    private void requireCustomer(String hubId, String customerId) {
        if (repository.balance(hubId, validId(customerId)).isEmpty()) {
            throw notFound(customerId);
        }
    }

    private static String validId(String customerId) {
        if (!Ids.looksLike("cus", customerId)) {
            throw notFound(customerId);
        }
        return customerId;
    }

    private static void requireAmount(Long amount, String field, List<FieldError> errors) {
        if (amount == null || amount < 1 || amount > MAX_AMOUNT) {
            errors.add(new FieldError(field, "is required: a whole amount in minor units from 1 to " + MAX_AMOUNT));
        }
    }

    private static String optionalReason(String reason, List<FieldError> errors) {
        String stripped = Text.blankToNull(reason);
        if (stripped != null && stripped.length() > MAX_REASON_LENGTH) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON_LENGTH + " characters"));
        }
        return stripped;
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static NotFoundException notFound(String customerId) {
        return new NotFoundException("no customer " + Ids.shorten(customerId));
    }
}
