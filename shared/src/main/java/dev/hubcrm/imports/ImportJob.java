package dev.hubcrm.imports;

import dev.hubcrm.common.JobStatus;
import java.time.Instant;
import java.util.List;

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
        JobStatus status,
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

    public ImportJob {
        errors = List.copyOf(errors);
        ignoredColumns = List.copyOf(ignoredColumns);
    }

    /** The status to show: a stored queued/running whose rows are all counted is done (the last write may lag). */
    public JobStatus effectiveStatus() {
        return (status == JobStatus.QUEUED || status == JobStatus.RUNNING) && processed >= total ? JobStatus.DONE : status;
    }

    /** When it finished, to show with {@link #effectiveStatus}: the last row's count is the end while the last write lags. */
    public Instant effectiveFinishedAt() {
        return finishedAt == null && effectiveStatus() == JobStatus.DONE ? updatedAt : finishedAt;
    }
}
