package dev.hubcrm.hubs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Who a hub's mail comes from and where replies go, for every mail sent on a hub's behalf
 * (campaigns, their test mails, low-balance reminders). Until the hub's sender identity is
 * verified in SES, mail may only leave from the platform's verified address: it does, under the
 * hub's name, with {@code Reply-To} the hub's address. Once verified it leaves from the hub's own
 * address; for a domain, the hub's {@code senderEmail} when it is in that domain, else
 * {@code noreply@<domain>} with {@code Reply-To} the {@code senderEmail} (ADR 26).
 *
 * @param replyTo null when replies go to {@code from} itself, or the hub has no address
 */
public record MailOrigin(String from, String replyTo) {
    static final String DOMAIN_DEFAULT_LOCAL_PART = "noreply";

    public static MailOrigin of(Hub hub, String platformAddress) {
        String name = displayName(hub.name());
        SenderIdentity sender = hub.sender();
        if (sender == null || !sender.verified()) {
            String hubAddress = sender != null && sender.kind() == SenderIdentity.Kind.EMAIL ? sender.name() : hub.senderEmail();
            return new MailOrigin(name + " <" + platformAddress + ">", hubAddress);
        }
        if (sender.kind() == SenderIdentity.Kind.EMAIL) {
            return new MailOrigin(name + " <" + sender.name() + ">", null);
        }
        String senderEmail = hub.senderEmail();
        if (senderEmail != null && senderEmail.toLowerCase(Locale.ROOT).endsWith("@" + sender.name())) {
            return new MailOrigin(name + " <" + senderEmail + ">", null);
        }
        return new MailOrigin(name + " <" + DOMAIN_DEFAULT_LOCAL_PART + "@" + sender.name() + ">", senderEmail);
    }

    /** {@code headers} and, when there is one, {@code Reply-To}. */
    public Map<String, String> withReplyTo(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (replyTo != null) {
            all.put("Reply-To", replyTo);
        }
        return all;
    }

    /** The hub's name as an RFC 5322 quoted display name: no quotes, backslashes or line breaks of its own. */
    static String displayName(String name) {
        return "\"" + name.replaceAll("[\"\\\\\\p{Cntrl}]", " ").strip() + "\"";
    }
}
