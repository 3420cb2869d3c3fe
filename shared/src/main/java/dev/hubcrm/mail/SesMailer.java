package dev.hubcrm.mail;

import java.util.List;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;

/** Mail through SES v2 ({@code SendEmail} with a simple message: SES builds the MIME parts). */
public final class SesMailer implements Mailer {
    private final SesV2Client ses;

    public SesMailer(SesV2Client ses) {
        this.ses = ses;
    }

    @Override
    public String send(MailMessage message) {
        List<MessageHeader> headers = message.headers().entrySet().stream()
                .map(h -> MessageHeader.builder().name(h.getKey()).value(h.getValue()).build()).toList();
        return ses.sendEmail(r -> r.fromEmailAddress(message.from())
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
