package dev.hubcrm.common;

/** One invalid input field: {@code field} is a JSON path such as {@code tags[2]} or {@code email}. */
public record FieldError(String field, String message) {
}
