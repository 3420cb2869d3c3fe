package dev.hubcrm.customers;

import java.time.Instant;

/** An order the shop reported: what drives order facts and status. {@code total} is in minor units. */
public record Order(String customerId, String orderRef, long total, Instant placedAt, Instant recordedAt) {

    /** Whether {@code other} is the same order reported again (a retry), not a different one under the same ref. */
    public boolean sameAs(Order other) {
        return orderRef.equals(other.orderRef()) && total == other.total() && placedAt.equals(other.placedAt());
    }
}
