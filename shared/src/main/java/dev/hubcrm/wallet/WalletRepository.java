package dev.hubcrm.wallet;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** The ledger, the balance on the customer item and the top-ups, written together or not at all. */
public interface WalletRepository {

    /** The outcome of a money move. */
    enum Write {
        WRITTEN,
        /** The customer does not exist, or the balance is below the minimum the move needed. */
        REFUSED,
        /** The reference was used before (an orderRef charged, a top-up credited, a refund beyond its charge). */
        ALREADY_DONE
    }

    /** The balance on the customer item; empty when there is no such customer. */
    Optional<Long> balance(String hubId, String customerId);

    /**
     * Appends {@code entry} and adds its amount to the balance, atomically.
     *
     * @param minBalanceBefore for debits: the lowest balance at which the move still leaves the
     *     floor (floor + amount); null for credits
     */
    Write append(String hubId, LedgerEntry entry, Long minBalanceBefore);

    /** What a charge's transaction did, told apart by which of its conditions failed. */
    sealed interface ChargeOutcome {
        /** Debited: the orderRef is claimed by this charge. */
        record Charged() implements ChargeOutcome {
        }

        /** The orderRef was claimed before, by {@code first}; nothing moved. */
        record AlreadyCharged(LedgerEntry first) implements ChargeOutcome {
        }

        /** The balance ({@code balance}, as the condition saw it) is below the minimum; nothing moved. */
        record Refused(long balance) implements ChargeOutcome {
        }

        /** No such customer; nothing moved. */
        record NoCustomer() implements ChargeOutcome {
        }
    }

    /**
     * {@link #append} that also claims the charge's orderRef for this customer, in one transaction
     * and without reading first: a taken orderRef, a balance below {@code minBalanceBefore} and a
     * missing customer are told apart by the conditions that cancelled it (a taken orderRef first,
     * so that a replay is answered as such whatever the balance is now).
     */
    ChargeOutcome charge(String hubId, LedgerEntry charge, long minBalanceBefore);

    /** The charge that claimed this orderRef, if any. */
    Optional<LedgerEntry> chargeFor(String hubId, String customerId, String orderRef);

    /**
     * {@link #append} of a refund that adds to its charge's refunded total, refused (ALREADY_DONE)
     * when that total would exceed the charge.
     */
    Write refund(String hubId, LedgerEntry refund, LedgerEntry charge);

    /** How much of the charge was refunded so far. */
    long refunded(String hubId, String customerId, String chargeId);

    Optional<LedgerEntry> entry(String hubId, String customerId, String entryId);

    /** The ledger, newest first. */
    Page<LedgerEntry> entries(String hubId, String customerId, PageRequest page);

    void saveTopUp(String hubId, TopUp topUp);

    Optional<TopUp> topUp(String hubId, String customerId, String topUpId);

    /**
     * Marks the pending top-up completed by {@code paymentIntentId}, appends its entry and credits
     * the balance, setting {@code lastTopUpAt}, atomically; ALREADY_DONE when it is no longer pending.
     */
    Write completeTopUp(String hubId, TopUp topUp, LedgerEntry entry, String paymentIntentId);

    /**
     * Appends {@code refund} (a debit, not held to the floor: the money has left) and moves the
     * top-up's refunded total from {@code topUp.refunded()} by its amount, atomically; ALREADY_DONE
     * when the top-up is not completed or its refunded total is no longer {@code topUp.refunded()}.
     */
    Write refundTopUp(String hubId, TopUp topUp, LedgerEntry refund);

    /** The customer's portal version: links made at an older one are revoked (0 until the first revocation). */
    long portalVersion(String hubId, String customerId);

    /** Moves the customer's portal version on, revoking every portal link made so far. */
    void revokePortalLinks(String hubId, String customerId);

    /** Marks a pending top-up failed; false when it was not pending. */
    boolean failTopUp(String hubId, TopUp topUp, Instant at);
}
