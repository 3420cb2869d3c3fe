package dev.hubcrm.imports;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One import and its progress, as {@code GET /v1/imports/{id}} shows it. Every data row of the
 * file ends up counted once in {@code processed}, and then in exactly one of {@code created},
 * {@code updated} or {@code failed}; the import is done when {@code processed == total}.
 *
 * @param errors the failed rows with their reasons, at most {@link ImportService#MAX_LISTED_ERRORS}
 * @param errorsOmitted failed rows beyond that, counted in {@code failed} but not listed
 * @param chunks how many queue messages carry the rows (0 for a dry run)
 * @param failureReason why a {@code failed} import stopped, else null
 */
public record ImportJob(
        String id,
        Status status,
        boolean dryRun,
        ImportFormat format,
        long total,
        long processed,
        long created,
        long updated,
        long failed,
        List<RowError> errors,
        long errorsOmitted,
        List<String> ignoredColumns,
        int chunks,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        String failureReason) {

    public enum Status {
        /** Rows are queued; no worker has started on them yet. */
        QUEUED,
        /** Workers are creating and updating customers. */
        RUNNING,
        /** Every row is processed (or, for a dry run, checked). */
        DONE,
        /** The rows could not all be queued; some may have been imported. Import the file again. */
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public ImportJob {
        errors = List.copyOf(errors);
        ignoredColumns = List.copyOf(ignoredColumns);
    }

    /** The status to show: a stored queued/running whose rows are all counted is done (the last write may lag). */
    public Status effectiveStatus() {
        return (status == Status.QUEUED || status == Status.RUNNING) && processed >= total ? Status.DONE : status;
    }

    /** When it finished, to show with {@link #effectiveStatus}: the last row's count is the end while the last write lags. */
    public Instant effectiveFinishedAt() {
        return finishedAt == null && effectiveStatus() == Status.DONE ? updatedAt : finishedAt;
    }
}
