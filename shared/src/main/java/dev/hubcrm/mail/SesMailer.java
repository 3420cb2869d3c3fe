package dev.hubcrm.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.field.ParseException;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.RawField;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Mail through SES v2 ({@code SendEmail} with a raw message), in a configuration set when one is
 * given (its event destinations see the mail). The MIME message is built here with Apache James
 * mime4j, so what SES is given (text and HTML alternatives, every header) is exactly what hubcrm
 * built and can be read back whole; SES adds the Date and Message-ID (ADR 18). SES's own refusals
 * become a {@link MailNotSentException}: throttling and SES's 5xx are retryable (the SDK has retried
 * them with backoff already), anything else SES says no to is final for that message.
 */
public final class SesMailer implements Mailer {
    /** SES's error codes for "too fast": the account's rate, or a burst. */
    static final Set<String> THROTTLING = Set.of("TooManyRequestsException", "TooManyRequests", "Throttling",
            "ThrottlingException", "LimitExceededException");
    private static final String QUOTED_PRINTABLE = "quoted-printable";
    private final SesV2Client ses;
    private final String configurationSet;

    public SesMailer(SesV2Client ses) {
        this(ses, null);
    }

    public SesMailer(SesV2Client ses, String configurationSet) {
        this.ses = ses;
        this.configurationSet = configurationSet;
    }

    /**
     * An SES client's retries for mail: SES's rate is per second and every mail has taken a send token already (ADR 27),
     * so a throttled send is a moment's excess and is retried within about a second (from 100 ms, doubling, at most
     * 1 s) rather than after the SDK's throttling backoff (from 0.5 s up to 20 s), which held a sender invocation's
     * whole batch behind one send. What SES still refuses after the retries comes back through the queue.
     */
    public static SesV2ClientBuilder forMail(SesV2ClientBuilder builder) {
        var retries = AwsRetryStrategy.defaultRetryStrategy().toBuilder()
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(100), Duration.ofSeconds(1)));
        return builder.overrideConfiguration(o -> o.retryStrategy(retries.build()));
    }

    @Override
    public String send(MailMessage message) {
        byte[] raw = mime(message);
        try {
            return sendRaw(message, raw);
        } catch (SesV2Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            boolean retryable = e.statusCode() >= 500 || e.statusCode() == 429 || THROTTLING.contains(code);
            throw new MailNotSentException((code == null ? "HTTP " + e.statusCode() : code) + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), retryable, e);
        }
    }

    /**
     * The account's sending rate ({@code GetAccount}'s {@code SendQuota.MaxSendRate}, mails a second);
     * null when SES does not say (no permission, SES down): the configured rate applies then.
     */
    public Double accountMaxSendRate() {
        try {
            return ses.getAccount(r -> { }).sendQuota().maxSendRate();
        } catch (SdkException e) {
            return null;
        }
    }

    private String sendRaw(MailMessage message, byte[] raw) {
        return ses.sendEmail(r -> r.fromEmailAddress(message.from()).configurationSetName(configurationSet)
                .emailTags(message.tags().entrySet().stream()
                        .map(tag -> MessageTag.builder().name(tag.getKey()).value(tag.getValue()).build()).toList())
                .destination(d -> d.toAddresses(message.to()))
                .content(c -> c.raw(m -> m.data(SdkBytes.fromByteArray(raw))))).messageId();
    }

    /** The message as MIME: multipart/alternative when there is HTML, quoted-printable UTF-8 parts. */
    static byte[] mime(MailMessage message) {
        try {
            Message.Builder mime = Message.Builder.of()
                    .setFrom(message.from())
                    .setTo(message.to().toArray(String[]::new))
                    .setSubject(message.subject());
            for (Map.Entry<String, String> header : message.headers().entrySet()) {
                mime.addField(new RawField(header.getKey(), singleLine(header.getKey(), header.getValue())));
            }
            if (message.html() == null) {
                mime.setBody(message.text(), "plain", StandardCharsets.UTF_8).setContentTransferEncoding(QUOTED_PRINTABLE);
            } else {
                mime.setBody(MultipartBuilder.create("alternative").addBodyPart(part(message.text(), "plain"))
                        .addBodyPart(part(message.html(), "html")).build());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DefaultMessageWriter().writeMessage(mime.build(), out);
            return out.toByteArray();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a mail address: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the message could not be written as MIME", e);
        }
    }

    private static BodyPartBuilder part(String content, String subtype) throws IOException {
        return BodyPartBuilder.create().setBody(content, subtype, StandardCharsets.UTF_8).setContentTransferEncoding(QUOTED_PRINTABLE);
    }

    /** A header value on one line: a line break in it would start a header of its own. */
    private static String singleLine(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the " + name + " header holds a line break");
        }
        return value;
    }
}
