package dev.hubcrm.common;

/**
 * A write kept losing to concurrent writes of the same items after its retries: nothing is wrong
 * with the request, so it is answered 503 with {@code Retry-After}, never 412 (which answers an
 * {@code If-Match} mismatch only).
 */
public final class ContentionException extends RuntimeException {
    public ContentionException(String detail) {
        super(detail);
    }

    public ContentionException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
