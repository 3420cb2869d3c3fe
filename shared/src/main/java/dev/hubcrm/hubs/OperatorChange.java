package dev.hubcrm.hubs;

import java.time.Instant;

/**
 * When and by whom the operator changed a setting the hub may not change itself.
 *
 * @param by the operator key's identity, {@code operator:} and the first 12 hex digits of its SHA-256
 */
public record OperatorChange(Instant at, String by) {
}
