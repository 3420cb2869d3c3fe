package dev.hubcrm.imports;

/** The upload is not a format imports read (answered 415): the message says what to send instead. */
public final class UnsupportedFileException extends RuntimeException {
    public UnsupportedFileException(String detail) {
        super(detail);
    }
}
