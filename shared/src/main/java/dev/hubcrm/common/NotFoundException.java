package dev.hubcrm.common;

/** Unknown id, or an id of another hub: the two are indistinguishable on purpose. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String detail) {
        super(detail);
    }
}
