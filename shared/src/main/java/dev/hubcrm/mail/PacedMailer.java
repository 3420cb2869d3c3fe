package dev.hubcrm.mail;

import dev.hubcrm.pacing.SendPacing;

/**
 * The mail port with the platform's send rate in front (ADR 27): every mail hubcrm sends (campaigns,
 * test mails, reminders) takes one of the second's platform tokens first, so all of them together stay
 * within what SES allows the account.
 */
public final class PacedMailer implements Mailer {
    private final Mailer mailer;
    private final SendPacing pacing;

    public PacedMailer(Mailer mailer, SendPacing pacing) {
        this.mailer = mailer;
        this.pacing = pacing;
    }

    @Override
    public String send(MailMessage message) {
        pacing.awaitPlatformToken();
        return mailer.send(message);
    }
}
