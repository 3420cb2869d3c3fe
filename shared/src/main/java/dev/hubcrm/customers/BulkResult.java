package dev.hubcrm.customers;

import dev.hubcrm.common.FieldError;
import java.util.List;

/**
 * The outcome for one id of a bulk action; {@code errors} say why an invalid, conflicting or failed
 * one was left as it was.
 */
public record BulkResult(String id, Outcome outcome, List<FieldError> errors) {

    /** {@code CONFLICT}: it kept changing under the action; {@code FAILED}: an unexpected error, retry it. */
    public enum Outcome { UPDATED, NOT_FOUND, INVALID, CONFLICT, FAILED }
}
