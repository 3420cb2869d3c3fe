package dev.hubcrm.wallet;

import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.mail.MailMessage;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.messages.MessageHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scheduled low-balance job: for each hub with a threshold, the customers whose balance is
 * below it, who have an email and were not reminded within the hub's {@code reminderEveryDays},
 * get one email with their balance and a fresh top-up link. A customer is claimed before the mail
 * goes out (a conditional write), so a retry or a second run the same day sends nothing twice.
 */
public final class LowBalanceReminders {
    /** How the reminders are named in the message history. */
    public static final String TEMPLATE = "low-balance-reminder";
    /** A low wallet as the balance index holds it. */
    public record LowWallet(String customerId, String email, String firstName, long balance) {
    }

    /** What a run did; {@code itemsRead} counts index items, for the benchmark (≈ customers matched). */
    public record Run(int hubs, int matched, int reminded, long itemsRead) {
    }

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
    private final String sender;
    private final Store store;
    private final HubService hubs;
    private final WalletService wallets;
    private final Mailer mailer;
    private final MessageHistory messages;
    private final Clock clock;

    public LowBalanceReminders(Store store, HubService hubs, WalletService wallets, Mailer mailer, MessageHistory messages,
            String sender, Clock clock) {
        this.store = store;
        this.messages = messages;
        this.hubs = hubs;
        this.wallets = wallets;
        this.mailer = mailer;
        this.sender = sender;
        this.clock = clock;
    }

    public Run run() {
        int hubCount = 0;
        int matched = 0;
        int reminded = 0;
        long read = 0;
        for (String hubId : store.hubsWithReminders()) {
            Hub hub = hubs.get(hubId);
            Long threshold = hub.wallet().lowBalanceThreshold();
            if (threshold == null) {
                continue;
            }
            hubCount++;
            Store.Page page = store.lowWallets(hubId, threshold);
            read += page.itemsRead();
            for (LowWallet wallet : page.wallets()) {
                if (wallet.email() == null) {
                    continue;
                }
                matched++;
                if (remind(hub, wallet, threshold)) {
                    reminded++;
                }
            }
        }
        return new Run(hubCount, matched, reminded, read);
    }

    private boolean remind(Hub hub, LowWallet wallet, long threshold) {
        Instant now = clock.instant();
        if (!store.claimReminder(hub.id(), wallet.customerId(), now, now.minus(Duration.ofDays(hub.wallet().reminderEveryDays())))) {
            return false;
        }
        try {
            long suggested = WalletService.suggestedTopUp(threshold - wallet.balance());
            TopUp topUp = wallets.startTopUp(hub, wallet.customerId(), suggested);
            String subject = "Your " + hub.name() + " balance is low";
            String text = "Hello" + (wallet.firstName() == null ? "" : " " + wallet.firstName()) + ",\n\n"
                    + "your balance at " + hub.name() + " is " + money(wallet.balance(), hub.currency()) + ".\n"
                    + "Top up " + money(suggested, hub.currency()) + " here: " + topUp.checkoutUrl() + "\n";
            // hubcrm's own sender, not the hub's: the stack may send as that verified identity only.
            String messageId = mailer.send(new MailMessage(sender,
                    List.of(wallet.email()), subject, text, null, Map.of()));
            messages.emailSent(hub.id(), wallet.customerId(), TEMPLATE, subject, messageId, now);
            return true;
        } catch (RuntimeException e) {
            store.releaseReminder(hub.id(), wallet.customerId(), now);
            throw e;
        }
    }

    /** Minor units as the currency's major units, e.g. {@code -12.50 EUR}. */
    static String money(long minor, String currency) {
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return new java.math.BigDecimal(minor).movePointLeft(Math.max(digits, 0)).toPlainString() + " " + currency.toUpperCase(Locale.ROOT);
    }
}
