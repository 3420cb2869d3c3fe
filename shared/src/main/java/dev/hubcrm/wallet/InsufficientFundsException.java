package dev.hubcrm.wallet;

/**
 * A debit that would take the balance below the hub's floor (answered as 402). Carries what the
 * shop needs to tell the customer: the balance, how much is missing and a link to top up that much.
 */
public final class InsufficientFundsException extends RuntimeException {
    private final long balance;
    private final long shortfall;
    private final boolean creditOnly;
    private final String topUpUrl;

    public InsufficientFundsException(long balance, long shortfall, boolean creditOnly, String topUpUrl) {
        super("the balance is " + balance + " and this would take it " + shortfall + " below the hub's floor");
        this.balance = balance;
        this.shortfall = shortfall;
        this.creditOnly = creditOnly;
        this.topUpUrl = topUpUrl;
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

    public String topUpUrl() {
        return topUpUrl;
    }
}
