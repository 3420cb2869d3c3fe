package dev.hubcrm.segments;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** How condition values and custom field values read as times: ISO-8601 instants or dates (midnight UTC). */
final class SegmentValues {
    private SegmentValues() {
    }

    /** Longer than any ISO-8601 time ({@code +999999999-12-31T23:59:59.999999999Z} is 36): refused unread. */
    static final int MAX_TIME_LENGTH = 64;

    static Instant parseTime(String text) {
        if (text.length() > MAX_TIME_LENGTH) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
