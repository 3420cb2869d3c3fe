package dev.hubcrm.mail;

/**
 * The one way hubcrm sends mail: SES v2 in the stack ({@link SesMailer}), the local outbox in
 * {@code ./dev run} and the tests ({@link LocalOutbox}). Reminders use it; campaigns will.
 */
public interface Mailer {
    /** Sends the message; answers its message id (SES's, which SES events carry back). */
    String send(MailMessage message);
}
