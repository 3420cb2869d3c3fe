package dev.hubcrm.common;

import java.util.List;

/**
 * Input that is well-formed but breaks a rule; answered as 422 with every field error at once, up to
 * {@link #MAX_LISTED} of them: a body of a million bad items must not answer a million errors.
 */
public final class ValidationException extends RuntimeException {
    public static final int MAX_LISTED = 100;
    private final transient List<FieldError> errors;
    private final int count;

    public ValidationException(List<FieldError> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid");
        this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_LISTED)));
        this.count = errors.size();
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    /** The first {@link #MAX_LISTED} errors. */
    public List<FieldError> errors() {
        return errors;
    }

    /** How many errors there were, listed or not. */
    public int count() {
        return count;
    }
}
