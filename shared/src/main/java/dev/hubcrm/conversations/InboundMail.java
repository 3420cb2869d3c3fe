package dev.hubcrm.conversations;

import java.util.List;

/**
 * One mail received at a hub's inbound address, as {@link InboundMailParser} read it.
 *
 * @param origin who sent it, its subject and Message-ID
 * @param text the text part (or the HTML part rendered to text), at most {@link InboundMailParser#MAX_TEXT_CHARACTERS}
 * @param recipients the To and Cc addresses (the local server delivers to these; SES gives the envelope's own)
 */
public record InboundMail(MailOrigin origin, String text, List<String> recipients) {
}
