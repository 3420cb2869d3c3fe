package dev.hubcrm.common;

/** The request conflicts with the current state (a duplicate email, revoking the last key). */
public final class ConflictException extends RuntimeException {
    private final transient FieldError error;

    public ConflictException(String detail, FieldError error) {
        super(detail);
        this.error = error;
    }

    public ConflictException(String detail) {
        this(detail, null);
    }

    /** The field that conflicts, or null when the conflict is not about one field. */
    public FieldError error() {
        return error;
    }
}
