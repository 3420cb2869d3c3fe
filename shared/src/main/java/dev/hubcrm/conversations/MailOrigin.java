package dev.hubcrm.conversations;

/**
 * What an email note or an inbox mail shows of the mail it came from.
 *
 * @param from the sender's address, lower case (null when the mail had no readable From)
 * @param fromName the sender's display name, or null
 * @param subject the decoded subject, or null
 * @param messageId the Message-ID as sent ({@code <...@...>}), or, for a mail without one, {@code sha256:} and the digest of the raw mail
 * @param truncated whether the mail's text was longer than a note's body and was cut there
 */
public record MailOrigin(String from, String fromName, String subject, String messageId, boolean truncated) {
    /** What search finds a mail by: its subject, then its text. */
    public static String searchText(MailOrigin mail, String text) {
        return mail == null || mail.subject() == null ? text : mail.subject() + "\n" + text;
    }
}
