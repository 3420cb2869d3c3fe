package dev.hubcrm.customers;

import java.util.Locale;

public enum CustomerType {
    PERSON, COMPANY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for its wire name, or null when there is none. */
    public static CustomerType fromWire(String value) {
        for (CustomerType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
