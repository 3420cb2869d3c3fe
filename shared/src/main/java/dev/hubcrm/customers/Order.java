package dev.hubcrm.customers;

import dev.hubcrm.common.FieldError;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** An order the shop reported: what drives order facts and status. {@code total} is in minor units. */
public record Order(String customerId, String orderRef, long total, Instant placedAt, Instant recordedAt) {
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/#-]{0,99}");

    /** A shop's order reference (orders, and wallet charges for an order), or the error naming {@code orderRef}. */
    public static Optional<FieldError> refError(String orderRef) {
        return orderRef != null && REF.matcher(orderRef).matches() ? Optional.empty()
                : Optional.of(new FieldError("orderRef", "is required: 1-100 letters, digits and . _ : / # -"));
    }

    /** Whether {@code other} is the same order reported again (a retry), not a different one under the same ref. */
    public boolean sameAs(Order other) {
        return orderRef.equals(other.orderRef()) && total == other.total() && placedAt.equals(other.placedAt());
    }
}
