package dev.hubcrm.conversations;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a note is; only reminders carry a due time and a done flag. {@code email} notes are made from
 * inbound mail only: no create or edit gives or takes that kind.
 */
public enum NoteKind {
    NOTE, MEETING, REMINDER, IDEA, QUESTION, EMAIL;

    /** The kinds a note can be written with, as the API lists them: {@code note|meeting|...}. */
    public static final String WIRE_VALUES = Arrays.stream(values()).filter(kind -> kind != EMAIL).map(NoteKind::wire)
            .collect(Collectors.joining("|"));

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind of a wire value, or null for anything else. */
    public static NoteKind fromWire(String value) {
        return Arrays.stream(values()).filter(kind -> kind.wire().equals(value)).findFirst().orElse(null);
    }
}
