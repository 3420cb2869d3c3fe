package dev.hubcrm.segments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** How condition values and custom field values read as times: ISO-8601 instants or dates (midnight UTC). */
final class SegmentValues {
    private SegmentValues() {
    }

    static Instant parseTime(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
