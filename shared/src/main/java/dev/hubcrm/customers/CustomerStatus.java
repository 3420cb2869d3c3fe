package dev.hubcrm.customers;

import java.util.Locale;

/** Lead (no order, no top-up), customer (at least one), VIP (a hub rule). */
public enum CustomerStatus {
    LEAD, CUSTOMER, VIP;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status for its wire name, or null when there is none. */
    public static CustomerStatus fromWire(String value) {
        for (CustomerStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
