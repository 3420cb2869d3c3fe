package dev.hubcrm.wallet;

import java.time.Instant;

/**
 * One line of a wallet's append-only ledger; a wallet's balance is the sum of its entries' amounts.
 *
 * @param amount signed minor units: positive credits (top-ups, refunds, credit adjustments), negative debits
 * @param actor who moved the money: {@code hub} (an API key of the hub) or {@code stripe} (a confirmed payment)
 * @param orderRef the shop's order a charge paid for
 * @param chargeId the charge a refund gives back
 * @param topUpId the top-up a top-up entry credits
 */
public record LedgerEntry(String id, String customerId, EntryType type, long amount, String reason, String actor,
        String orderRef, String chargeId, String topUpId, Instant createdAt) {
    public static final String ID_PREFIX = "wtx";
    public static final String ACTOR_HUB = "hub";
    public static final String ACTOR_STRIPE = "stripe";
}
