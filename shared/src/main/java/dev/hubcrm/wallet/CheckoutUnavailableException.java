package dev.hubcrm.wallet;

/** The payment provider could not open a checkout session (unreachable, refusing or failing). */
public final class CheckoutUnavailableException extends RuntimeException {
    public CheckoutUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
