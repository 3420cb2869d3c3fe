package dev.hubcrm.conversations;

/** Where SES receiving leaves each raw mail, by SES's message id: the S3 bucket of the receipt rule, or the local server's memory. */
public interface RawMailStore {
    /** The raw mail; at most {@code maxBytes} + 1 bytes are read, enough to refuse a larger one unparsed. */
    byte[] read(String sesMessageId, int maxBytes);
}
