package dev.hubcrm.imports;

/**
 * Why a row of the file was not imported; {@code row} is the spreadsheet row number (the header is
 * row 1). Messages are cut at {@value #MAX_MESSAGE_LENGTH} characters, so that a thousand of them
 * always fit in the import's record.
 */
public record RowError(int row, String message) {
    public static final int MAX_MESSAGE_LENGTH = 240;

    public RowError {
        if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
        }
    }
}
