package dev.hubcrm.mail;

import java.util.List;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import java.util.Set;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Mail through SES v2 ({@code SendEmail} with a simple message: SES builds the MIME parts), in a
 * configuration set when one is given (its event destinations see the mail). SES's own refusals
 * become a {@link MailNotSentException}: throttling and SES's 5xx are retryable (the SDK has retried
 * them with backoff already), anything else SES says no to is final for that message.
 */
public final class SesMailer implements Mailer {
    /** SES's error codes for "too fast": the account's rate, or a burst. */
    static final Set<String> THROTTLING = Set.of("TooManyRequestsException", "TooManyRequests", "Throttling",
            "ThrottlingException", "LimitExceededException");

    private final SesV2Client ses;
    private final String configurationSet;

    public SesMailer(SesV2Client ses) {
        this(ses, null);
    }

    public SesMailer(SesV2Client ses, String configurationSet) {
        this.ses = ses;
        this.configurationSet = configurationSet;
    }

    @Override
    public String send(MailMessage message) {
        List<MessageHeader> headers = message.headers().entrySet().stream()
                .map(h -> MessageHeader.builder().name(h.getKey()).value(h.getValue()).build()).toList();
        try {
            return sendEmail(message, headers);
        } catch (SesV2Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            boolean retryable = e.statusCode() >= 500 || e.statusCode() == 429 || THROTTLING.contains(code);
            throw new MailNotSentException((code == null ? "HTTP " + e.statusCode() : code) + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), retryable, e);
        }
    }

    private String sendEmail(MailMessage message, List<MessageHeader> headers) {
        return ses.sendEmail(r -> r.fromEmailAddress(message.from()).configurationSetName(configurationSet)
                .destination(d -> d.toAddresses(message.to()))
                .content(c -> c.simple(s -> {
                    s.subject(t -> t.data(message.subject()).charset("UTF-8"));
                    s.body(b -> {
                        b.text(t -> t.data(message.text()).charset("UTF-8"));
                        if (message.html() != null) {
                            b.html(t -> t.data(message.html()).charset("UTF-8"));
                        }
                    });
                    if (!headers.isEmpty()) {
                        s.headers(headers);
                    }
                }))).messageId();
    }
}
