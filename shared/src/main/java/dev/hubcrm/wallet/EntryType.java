package dev.hubcrm.wallet;

import java.util.Arrays;

/** What moved money in a wallet. */
public enum EntryType {
    TOP_UP("top-up"),
    CHARGE("charge"),
    REFUND("refund"),
    ADJUSTMENT("adjustment");

    private final String wire;

    EntryType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EntryType fromWire(String wire) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst().orElse(null);
    }
}
