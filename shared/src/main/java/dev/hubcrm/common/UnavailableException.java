package dev.hubcrm.common;

/**
 * A service the request depends on (the payment provider, say) cannot answer now. Nothing changed, so the
 * same request may be retried later: the API answers 503 with Retry-After, never a 500.
 */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
