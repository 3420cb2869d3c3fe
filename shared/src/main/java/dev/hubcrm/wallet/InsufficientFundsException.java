package dev.hubcrm.wallet;

/**
 * A debit that would take the balance below the hub's floor (answered as 402). Carries what the
 * shop needs to tell the customer: the balance, how much is missing and a link to top up that much,
 * or, when no checkout could be opened, the amount to top up through the API instead.
 */
public final class InsufficientFundsException extends RuntimeException {
    private final long balance;
    private final long shortfall;
    private final boolean creditOnly;
    private final String topUpUrl;
    private final long suggestedTopUp;

    /** @param topUpUrl null when the checkout could not be opened: top up {@code suggestedTopUp} later */
    public InsufficientFundsException(long balance, long shortfall, boolean creditOnly, String topUpUrl, long suggestedTopUp) {
        super("the balance is " + balance + " and this would take it " + shortfall + " below the hub's floor");
        this.balance = balance;
        this.shortfall = shortfall;
        this.creditOnly = creditOnly;
        this.topUpUrl = topUpUrl;
        this.suggestedTopUp = suggestedTopUp;
    }

    public long balance() {
        return balance;
    }

    public long shortfall() {
        return shortfall;
    }

    public boolean creditOnly() {
        return creditOnly;
    }

    /** A checkout for {@link #suggestedTopUp}, or null when none could be opened. */
    public String topUpUrl() {
        return topUpUrl;
    }

    public long suggestedTopUp() {
        return suggestedTopUp;
    }
}
