package dev.hubcrm.common;

/** The caller's {@code If-Match} version is not the current one. */
public final class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String detail) {
        super(detail);
    }
}
