package dev.hubcrm.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.config.AwsClients;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.SesFaultProxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SES v2 adapter against SES's faults, put in at the HTTP level in front of moto
 * ({@link SesFaultProxy}): throttling (429 TooManyRequestsException) and a 5xx are retryable once the
 * SDK's own retries are spent, and the account's sending rate is read from GetAccount.
 */
class SesMailerFaultsTest {
    private static final MailMessage MAIL = new MailMessage("wallet@hubcrm.invalid", List.of("lea@example.com"), "Subject", "Text",
            null, Map.of());
    private static EmulatorProcess moto;
    private static SesFaultProxy proxy;
    private static SesV2Client ses;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        proxy = SesFaultProxy.start(moto.endpoint(), 1);
        // The client as the functions build it for mail (SesMailer.forMail: its throttling retries).
        ses = AwsClients.emulator(SesMailer.forMail(SesV2Client.builder()), proxy.endpoint());
        ses.createEmailIdentity(r -> r.emailIdentity("wallet@hubcrm.invalid"));
    }

    @AfterAll
    static void stop() {
        ses.close();
        proxy.close();
        moto.close();
    }

    @BeforeEach
    void noFaults() {
        proxy.failing(0, 0);
    }

    @Test
    void throttlingThatOutlastsTheSdksRetriesIsARetryableRefusalNamingSessCode() {
        proxy.failing(1, 0);
        int before = proxy.throttled();

        assertThatThrownBy(() -> new SesMailer(ses).send(MAIL)).isInstanceOfSatisfying(MailNotSentException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).startsWith("TooManyRequestsException: Maximum sending rate exceeded.");
        });
        assertThat(proxy.throttled() - before).as("the SDK retried before giving up").isGreaterThan(1);
    }

    @Test
    void aServerErrorIsRetryableAndASendThatGetsThroughIsKept() {
        proxy.failing(0, 1);
        assertThatThrownBy(() -> new SesMailer(ses).send(MAIL)).isInstanceOfSatisfying(MailNotSentException.class,
                e -> assertThat(e.retryable()).isTrue());

        proxy.failing(0, 0);
        int before = proxy.forwardedSends();
        assertThat(new SesMailer(ses).send(MAIL)).isNotBlank();
        assertThat(proxy.forwardedSends() - before).isEqualTo(1);
    }

    @Test
    void theAccountsSendingRateIsReadFromGetAccountAndUnknownWhenSesDoesNotAnswerIt() {
        proxy.maxSendRate(40);
        assertThat(new SesMailer(ses).accountMaxSendRate()).isEqualTo(40.0);

        try (SesV2Client motoAlone = AwsClients.emulator(SesV2Client.builder(), moto.endpoint())) {
            assertThat(new SesMailer(motoAlone).accountMaxSendRate()).as("moto has no GetAccount").isNull();
        }
    }
}
