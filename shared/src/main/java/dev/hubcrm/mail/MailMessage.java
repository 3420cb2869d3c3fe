package dev.hubcrm.mail;

import java.util.List;
import java.util.Map;

/**
 * One email as hubcrm sends it: plain text always, HTML optionally, with extra headers (List-Unsubscribe...).
 *
 * @param tags the provider's message tags (SES), which come back on every event about the mail: ids only, never PII
 */
public record MailMessage(String from, List<String> to, String subject, String text, String html, Map<String, String> headers,
        Map<String, String> tags) {
    public MailMessage {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A mail without tags: its events are not recorded (service mail, test mail). */
    public MailMessage(String from, List<String> to, String subject, String text, String html, Map<String, String> headers) {
        this(from, to, subject, text, html, headers, Map.of());
    }
}
