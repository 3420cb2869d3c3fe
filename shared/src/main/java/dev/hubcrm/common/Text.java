package dev.hubcrm.common;

/** Text normalisation shared by validation (search text: {@link SearchText}). */
public final class Text {
    private Text() {
    }

    /** Null for null or blank, else the stripped value. */
    public static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** {@code value} as an error message may quote it: cut to {@code max} characters, the last one "…". */
    public static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    public static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}
