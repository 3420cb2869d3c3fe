package dev.hubcrm.exports;

import dev.hubcrm.customers.CustomerFilter;
import java.time.Instant;
import java.util.Locale;

/**
 * One export of a hub's customers to a CSV file, as {@code GET /v1/exports/{id}} shows it.
 *
 * @param filter the customers it exports: those the same filter of {@code GET /v1/customers} lists
 * @param processed customers written so far (all of them once done)
 * @param failureReason why a {@code failed} export stopped, else null
 */
public record ExportJob(String id, Status status, CustomerFilter filter, long processed, Instant createdAt, Instant updatedAt,
        Instant finishedAt, String failureReason) {

    public enum Status {
        /** Waiting for the export worker. */
        QUEUED,
        /** The worker is reading the customers and writing the file. */
        RUNNING,
        /** The file is written: it can be downloaded until the export expires. */
        DONE,
        /** It stopped; {@code failureReason} says why. Start another export. */
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        public boolean finished() {
            return this == DONE || this == FAILED;
        }
    }
}
