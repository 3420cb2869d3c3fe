package dev.hubcrm.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** The SES v2 adapter against moto's SES: what SES accepts, and that an unverified sender is refused. */
class SesMailerTest {
    private static EmulatorProcess moto;
    private static SesV2Client ses;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        ses = SesV2Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        ses.createEmailIdentity(r -> r.emailIdentity("wallet@hubcrm.invalid"));
    }

    @AfterAll
    static void stopMoto() {
        ses.close();
        moto.close();
    }

    @Test
    void sendsTextAndHtmlWithHeadersAndAnswersSesMessageId() {
        String id = new SesMailer(ses).send(new MailMessage("wallet@hubcrm.invalid", List.of("lea@example.com"),
                "Your balance is low", "Top up here", "<p>Top up here</p>", Map.of("List-Unsubscribe", "<https://example.com/u/x>")));

        assertThat(id).isNotBlank();
    }

    @Test
    void anUnverifiedSenderIsRefusedBySes() {
        assertThatThrownBy(() -> new SesMailer(ses).send(new MailMessage("someone@elsewhere.invalid", List.of("lea@example.com"),
                "Subject", "Text", null, Map.of()))).isInstanceOf(SesV2Exception.class);
    }
}
