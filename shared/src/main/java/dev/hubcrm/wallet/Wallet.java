package dev.hubcrm.wallet;

/** A customer's wallet as the hub and the shop see it. */
public record Wallet(String customerId, long balance, String currency, long floor, boolean creditOnly) {
}
