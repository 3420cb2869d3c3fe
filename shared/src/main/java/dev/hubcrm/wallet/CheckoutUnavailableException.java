package dev.hubcrm.wallet;

import dev.hubcrm.common.UnavailableException;

/** The payment provider could not open a checkout session (unreachable, refusing or failing). */
public final class CheckoutUnavailableException extends UnavailableException {
    public CheckoutUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
