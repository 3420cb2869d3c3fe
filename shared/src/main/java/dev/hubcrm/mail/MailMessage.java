package dev.hubcrm.mail;

import java.util.List;
import java.util.Map;

/** One email as hubcrm sends it: plain text always, HTML optionally, with extra headers (List-Unsubscribe...). */
public record MailMessage(String from, List<String> to, String subject, String text, String html, Map<String, String> headers) {
}
