package dev.hubcrm.mail;

/**
 * The mail provider did not take a message. {@link #retryable()}: it was throttled or failed on its
 * side, and the same message may be tried again later; otherwise it refused this message for good
 * (a rejected address, an unverified sender), and {@code getMessage()} says why.
 */
public final class MailNotSentException extends RuntimeException {
    private final boolean retryable;

    public MailNotSentException(String reason, boolean retryable, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
