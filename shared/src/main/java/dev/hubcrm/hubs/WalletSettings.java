package dev.hubcrm.hubs;

import java.util.regex.Pattern;

/**
 * How a hub runs its customers' prepaid wallets ({@code PATCH /v1/hub} → {@code wallet}).
 *
 * @param floor the lowest balance a debit may leave, in minor units (0, or negative to allow credit)
 * @param creditOnly the wallet is the only way to pay at this hub: a refused charge blocks the order
 *     (told to the shop in the 402); it does not move the floor
 * @param lowBalanceThreshold customers whose balance is below this get reminders; null: no reminders
 * @param reminderEveryDays at most one reminder per customer within this many days
 * @param stripeAccountId the hub's connected Stripe account ({@code acct_...}) that top-ups are paid
 *     to; null: the platform's own account
 */
public record WalletSettings(long floor, boolean creditOnly, Long lowBalanceThreshold, int reminderEveryDays,
        String stripeAccountId) {
    public static final int DEFAULT_REMINDER_EVERY_DAYS = 7;
    public static final WalletSettings DEFAULT = new WalletSettings(0, false, null, DEFAULT_REMINDER_EVERY_DAYS, null);
    /** Stripe's connected account ids: {@code acct_} and an alphanumeric id. */
    public static final Pattern STRIPE_ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]{1,64}");
}
