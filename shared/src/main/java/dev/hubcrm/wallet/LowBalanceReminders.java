package dev.hubcrm.wallet;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.MailOrigin;
import dev.hubcrm.mail.MailMessage;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.messages.MessageHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled low-balance job: for each hub with a threshold, the customers whose balance is
 * below it, who have an email and were not reminded within the hub's {@code reminderEveryDays},
 * get one email with their balance and a fresh top-up link. A customer is claimed before the mail
 * goes out (a conditional write), so a retry or a second run the same day sends nothing twice.
 *
 * <p>One failing customer or hub does not stop the run: the failure is counted and logged with ids
 * only (never the address, a name, or the exception's message, which may quote the address), the
 * customer's claim is given back so that the next run tries again, and the run goes on.
 */
public final class LowBalanceReminders {
    private static final Logger LOG = LoggerFactory.getLogger(LowBalanceReminders.class);

    /** How the reminders are named in the message history. */
    public static final String TEMPLATE = "low-balance-reminder";
    /** A low wallet as the balance index holds it. */
    public record LowWallet(String customerId, String email, String firstName, long balance) {
    }

    /**
     * What a run did. {@code matched}: low customers with an email, each of which was {@code reminded},
     * {@code skipped} (reminded within the hub's period already) or {@code failed} (the mail, the
     * top-up link or a write failed). {@code failedHubs}: hubs whose settings or low wallets could not
     * be read (their customers are not counted). {@code itemsRead} counts index items, for the
     * benchmark (≈ customers matched).
     */
    public record Run(int hubs, int matched, int reminded, int skipped, int failed, int failedHubs, long itemsRead) {
    }

    /** How one low customer ended. */
    private enum Outcome { REMINDED, SKIPPED, FAILED }

    /** Where the job reads and records. */
    public interface Store {
        /** The hubs whose wallet settings have a low-balance threshold. */
        List<String> hubsWithReminders();

        /** The hub's customers whose balance is below {@code threshold}, and how many index items that read. */
        Page lowWallets(String hubId, long threshold);

        /** Claims the reminder of this period; false when the customer was reminded since {@code remindedSince}. */
        boolean claimReminder(String hubId, String customerId, Instant now, Instant remindedSince);

        /** Gives the claim back after the mail could not be sent. */
        void releaseReminder(String hubId, String customerId, Instant claimedAt);

        record Page(List<LowWallet> wallets, long itemsRead) {
        }
    }

    /** Who reminders come from (a verified SES identity of hubcrm's). */
    private final String platformSender;
    private final Store store;
    private final HubService hubs;
    private final WalletService wallets;
    private final Mailer mailer;
    private final MessageHistory messages;
    private final Clock clock;

    public LowBalanceReminders(Store store, HubService hubs, WalletService wallets, Mailer mailer, MessageHistory messages,
            String platformSender, Clock clock) {
        this.store = store;
        this.messages = messages;
        this.hubs = hubs;
        this.wallets = wallets;
        this.mailer = mailer;
        this.platformSender = platformSender;
        this.clock = clock;
    }

    public Run run() {
        int hubCount = 0;
        int matched = 0;
        int reminded = 0;
        int skipped = 0;
        int failed = 0;
        int failedHubs = 0;
        long read = 0;
        for (String hubId : store.hubsWithReminders()) {
            Hub hub;
            Long threshold;
            Store.Page page;
            try {
                hub = hubs.get(hubId);
                threshold = hub.wallet().lowBalanceThreshold();
                if (threshold == null) {
                    continue;
                }
                page = store.lowWallets(hubId, threshold);
            } catch (RuntimeException e) {
                failedHubs++;
                LOG.warn("low-balance reminders: hub skipped after a failure", entry("hubId", hubId),
                        entry("errorType", e.getClass().getName()));
                continue;
            }
            hubCount++;
            read += page.itemsRead();
            for (LowWallet wallet : page.wallets()) {
                if (wallet.email() == null) {
                    continue;
                }
                matched++;
                switch (remind(hub, wallet, threshold)) {
                    case REMINDED -> reminded++;
                    case SKIPPED -> skipped++;
                    case FAILED -> failed++;
                }
            }
        }
        return new Run(hubCount, matched, reminded, skipped, failed, failedHubs, read);
    }

    private Outcome remind(Hub hub, LowWallet wallet, long threshold) {
        Instant now = clock.instant();
        try {
            if (!store.claimReminder(hub.id(), wallet.customerId(), now, now.minus(Duration.ofDays(hub.wallet().reminderEveryDays())))) {
                return Outcome.SKIPPED;
            }
        } catch (RuntimeException e) {
            logFailure("claim", hub, wallet, e);
            return Outcome.FAILED;
        }
        try {
            long suggested = WalletService.suggestedTopUp(threshold - wallet.balance());
            TopUp topUp = wallets.startTopUp(hub, wallet.customerId(), suggested);
            String subject = "Your " + hub.name() + " balance is low";
            String text = "Hello" + (wallet.firstName() == null ? "" : " " + wallet.firstName()) + ",\n\n"
                    + "your balance at " + hub.name() + " is " + money(wallet.balance(), hub.currency()) + ".\n"
                    + "Top up " + money(suggested, hub.currency()) + " here: " + topUp.checkoutUrl() + "\n";
            MailOrigin origin = MailOrigin.of(hub, platformSender);
            String messageId = mailer.send(new MailMessage(origin.from(),
                    List.of(wallet.email()), subject, text, null, origin.withReplyTo(Map.of())));
            messages.emailSent(hub.id(), wallet.customerId(), TEMPLATE, subject, messageId, now);
            return Outcome.REMINDED;
        } catch (RuntimeException e) {
            // Given back, so that the next run tries this customer again.
            logFailure("send", hub, wallet, e);
            try {
                store.releaseReminder(hub.id(), wallet.customerId(), now);
            } catch (RuntimeException releaseFailure) {
                logFailure("release", hub, wallet, releaseFailure);
            }
            return Outcome.FAILED;
        }
    }

    /** Ids and the exception's class only: its message may quote the customer's address. */
    private static void logFailure(String step, Hub hub, LowWallet wallet, RuntimeException e) {
        LOG.warn("low-balance reminder failed", entry("step", step), entry("hubId", hub.id()),
                entry("customerId", wallet.customerId()), entry("errorType", e.getClass().getName()));
    }

    /** Minor units as the currency's major units, e.g. {@code -12.50 EUR}. */
    public static String money(long minor, String currency) {
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return new java.math.BigDecimal(minor).movePointLeft(Math.max(digits, 0)).toPlainString() + " " + currency.toUpperCase(Locale.ROOT);
    }
}
