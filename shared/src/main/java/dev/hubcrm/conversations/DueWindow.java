package dev.hubcrm.conversations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;

/** Which open reminders {@code GET /v1/notes?due=} lists: due before now, today, or from today on for seven days. */
public enum DueWindow {
    OVERDUE, TODAY, WEEK;

    public static final String WIRE_VALUES = "overdue|today|week";

    /** The earliest due time in the window (inclusive), where the hub is ({@code zone}): "today" is the hub's day. */
    public Instant from(Instant now, ZoneId zone) {
        return this == OVERDUE ? NoteService.EARLIEST_DUE : LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
    }

    /** The end of the window (exclusive). */
    public Instant until(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return switch (this) {
            case OVERDUE -> now;
            case TODAY -> today.plusDays(1).atStartOfDay(zone).toInstant();
            case WEEK -> today.plusDays(7).atStartOfDay(zone).toInstant();
        };
    }

    public static DueWindow fromWire(String value) {
        return Arrays.stream(values()).filter(w -> w.name().toLowerCase(Locale.ROOT).equals(value)).findFirst().orElse(null);
    }
}
