package dev.hubcrm.common;

import java.util.Locale;

/** Where a background job (an import, an export) is: queued, running, then done or failed. */
public enum JobStatus {
    /** Waiting for a worker. */
    QUEUED,
    /** A worker is on it. */
    RUNNING,
    /** Every part is done (an import's rows processed or checked; an export's file written). */
    DONE,
    /** It stopped (an import's rows could not all be queued; an export ran out of time or attempts): start another. */
    FAILED;

    /** As the API shows it: {@code queued}, {@code running}, {@code done}, {@code failed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
