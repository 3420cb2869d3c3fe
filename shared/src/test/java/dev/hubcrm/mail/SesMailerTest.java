package dev.hubcrm.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.http.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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

/**
 * The SES v2 adapter against moto's SES: what SES accepts, what reaches SES (the configuration set and
 * the headers, read back from moto's request recorder: moto keeps neither with a sent message), and
 * that an unverified sender is a final refusal.
 */
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
        ses.createConfigurationSet(r -> r.configurationSetName(CONFIGURATION_SET));
    }

    private static final String CONFIGURATION_SET = "hubcrm-campaigns";

    private static String moto(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static String decoded(JsonNode entry) {
        String body = entry.path("body").asText();
        return entry.path("body_encoded").asBoolean() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    @AfterAll
    static void stopMoto() throws IOException {
        ses.close();
        moto.close();
        // The recorder's file, in the working directory moto shares with this JVM.
        Files.deleteIfExists(Path.of("moto_recording"));
    }

    @Test
    void sendsTextAndHtmlWithHeadersAndAnswersSesMessageId() {
        String id = new SesMailer(ses).send(new MailMessage("wallet@hubcrm.invalid", List.of("lea@example.com"),
                "Your balance is low", "Top up here", "<p>Top up here</p>", Map.of("List-Unsubscribe", "<https://example.com/u/x>")));

        assertThat(id).isNotBlank();
    }

    @Test
    void campaignMailGoesOutInItsConfigurationSetWithItsUnsubscribeHeaders() throws Exception {
        moto("/moto-api/recorder/reset-recording");
        moto("/moto-api/recorder/start-recording");
        try {
            new SesMailer(ses, CONFIGURATION_SET).send(new MailMessage("\"Green Box\" <wallet@hubcrm.invalid>", List.of("lea@example.com"),
                    "News", "Text", null, Map.of("List-Unsubscribe", "<https://api.example/u/t0k>",
                            "List-Unsubscribe-Post", "List-Unsubscribe=One-Click")));
        } finally {
            moto("/moto-api/recorder/stop-recording");
        }
        List<JsonNode> sends = new ArrayList<>();
        for (String line : moto("/moto-api/recorder/download-recording").split("\n")) {
            JsonNode entry = line.isBlank() ? null : Json.MAPPER.readTree(line);
            if (entry != null && decoded(entry).contains("FromEmailAddress")) {
                sends.add(Json.MAPPER.readTree(decoded(entry)));
            }
        }

        assertThat(sends).hasSize(1);
        JsonNode request = sends.get(0);
        assertThat(request.get("ConfigurationSetName").asText()).isEqualTo(CONFIGURATION_SET);
        Map<String, String> headers = new HashMap<>();
        request.at("/Content/Simple/Headers").forEach(header -> headers.put(header.get("Name").asText(), header.get("Value").asText()));
        assertThat(headers).containsEntry("List-Unsubscribe", "<https://api.example/u/t0k>")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    @Test
    void anUnverifiedSenderIsAFinalRefusalWithSessReason() {
        assertThatThrownBy(() -> new SesMailer(ses).send(new MailMessage("someone@elsewhere.invalid", List.of("lea@example.com"),
                "Subject", "Text", null, Map.of())))
                .isInstanceOfSatisfying(MailNotSentException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).startsWith("MessageRejected");
                    assertThat(e.getCause()).isInstanceOf(SesV2Exception.class);
                });
    }
}
