package dev.hubcrm.hubs;

/**
 * How a hub runs its customers' prepaid wallets ({@code PATCH /v1/hub} → {@code wallet}).
 *
 * @param floor the lowest balance a debit may leave, in minor units (0, or negative to allow credit)
 * @param creditOnly the wallet is the only way to pay at this hub: a refused charge blocks the order
 *     (told to the shop in the 402); it does not move the floor
 * @param lowBalanceThreshold customers whose balance is below this get reminders; null: no reminders
 * @param reminderEveryDays at most one reminder per customer within this many days
 */
public record WalletSettings(long floor, boolean creditOnly, Long lowBalanceThreshold, int reminderEveryDays) {
    public static final int DEFAULT_REMINDER_EVERY_DAYS = 7;
    public static final WalletSettings DEFAULT = new WalletSettings(0, false, null, DEFAULT_REMINDER_EVERY_DAYS);
}
