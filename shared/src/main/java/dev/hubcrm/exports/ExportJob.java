package dev.hubcrm.exports;

import dev.hubcrm.common.JobStatus;
import dev.hubcrm.customers.CustomerFilter;
import java.time.Instant;

/**
 * One export of a hub's customers to a CSV file, as {@code GET /v1/exports/{id}} shows it.
 *
 * @param filter the customers it exports: those the same filter of {@code GET /v1/customers} lists
 * @param processed customers written so far (all of them once done)
 * @param failureReason why a {@code failed} export stopped, else null
 */
public record ExportJob(String id, JobStatus status, CustomerFilter filter, long processed, Instant createdAt, Instant updatedAt,
        Instant finishedAt, String failureReason) {
}
