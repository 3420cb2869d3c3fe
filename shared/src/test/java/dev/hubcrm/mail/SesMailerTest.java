package dev.hubcrm.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.http.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
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
 * The SES v2 adapter against moto's SES: the message moto keeps (its {@code /moto-api/data.json}
 * lists every sent raw message) is read back with a MIME parser and holds the text, the HTML and
 * every header hubcrm gave it; the configuration set reaches SES (read back from moto's request
 * recorder: moto does not keep it with the message); an unverified sender is a final refusal.
 */
class SesMailerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void sendsTextAndHtmlWithEveryHeaderAsSesKeepsIt() throws Exception {
        String id = new SesMailer(ses).send(new MailMessage("Ferme Verte <wallet@hubcrm.invalid>", List.of("lea@example.com"),
                "Votre solde est bas – rechargez", "Rechargez ici : https://example.com/t/1 — merci",
                "<p>Rechargez <a href=\"https://example.com/t/1\">ici</a> — merci</p>",
                Map.of("List-Unsubscribe", "<https://example.com/u/x>", "Reply-To", "hub@ferme.example", "X-Hubcrm-Hub", "hub_01")));

        Message sent = sentMessage(id);
        assertThat(sent.getFrom()).extracting(Mailbox::getAddress, Mailbox::getName)
                .containsExactly(tuple("wallet@hubcrm.invalid", "Ferme Verte"));
        assertThat(sent.getTo().flatten()).extracting(Mailbox::getAddress).containsExactly("lea@example.com");
        assertThat(sent.getSubject()).isEqualTo("Votre solde est bas – rechargez");
        assertThat(sent.getReplyTo().flatten()).extracting(Mailbox::getAddress).containsExactly("hub@ferme.example");
        assertThat(sent.getHeader().getField("List-Unsubscribe").getBody()).isEqualTo("<https://example.com/u/x>");
        assertThat(sent.getHeader().getField("X-Hubcrm-Hub").getBody()).isEqualTo("hub_01");
        assertThat(sent.getMimeType()).isEqualTo("multipart/alternative");
        List<Entity> parts = ((Multipart) sent.getBody()).getBodyParts();
        assertThat(parts).extracting(Entity::getMimeType).containsExactly("text/plain", "text/html");
        assertThat(text(parts.get(0))).isEqualTo("Rechargez ici : https://example.com/t/1 — merci");
        assertThat(text(parts.get(1))).isEqualTo("<p>Rechargez <a href=\"https://example.com/t/1\">ici</a> — merci</p>");
    }

    @Test
    void aTextOnlyMessageIsOnePlainPart() throws Exception {
        String id = new SesMailer(ses).send(new MailMessage("wallet@hubcrm.invalid", List.of("lea@example.com", "paul@example.com"),
                "Solde", "Texte seul, accentué", null, Map.of()));

        Message sent = sentMessage(id);
        assertThat(sent.getTo().flatten()).extracting(Mailbox::getAddress).containsExactly("lea@example.com", "paul@example.com");
        assertThat(sent.getMimeType()).isEqualTo("text/plain");
        assertThat(sent.getCharset()).isEqualToIgnoringCase("UTF-8");
        assertThat(text(sent)).isEqualTo("Texte seul, accentué");
        assertThat(sent.getHeader().getField("List-Unsubscribe")).isNull();
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedBeforeSending() {
        assertThatThrownBy(() -> new SesMailer(ses).send(new MailMessage("wallet@hubcrm.invalid", List.of("lea@example.com"),
                "Subject", "Text", null, Map.of("X-Note", "a\r\nBcc: everyone@example.com"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void campaignMailGoesOutInItsConfigurationSetWithItsUnsubscribeHeaders() throws Exception {
        moto("/moto-api/recorder/reset-recording");
        moto("/moto-api/recorder/start-recording");
        String id;
        try {
            id = new SesMailer(ses, CONFIGURATION_SET).send(new MailMessage("\"Green Box\" <wallet@hubcrm.invalid>", List.of("lea@example.com"),
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
        assertThat(sends.get(0).get("ConfigurationSetName").asText()).isEqualTo(CONFIGURATION_SET);
        Message sent = sentMessage(id);
        assertThat(sent.getHeader().getField("List-Unsubscribe").getBody()).isEqualTo("<https://api.example/u/t0k>");
        assertThat(sent.getHeader().getField("List-Unsubscribe-Post").getBody()).isEqualTo("List-Unsubscribe=One-Click");
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

    /** The raw message moto kept under {@code messageId}, parsed as MIME. */
    private static Message sentMessage(String messageId) throws IOException, InterruptedException {
        HttpResponse<String> data = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(moto.endpoint() + "/moto-api/data.json")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode kept = StreamSupport.stream(JSON.readTree(data.body()).path("ses").path("RawMessage").spliterator(), false)
                .filter(message -> message.path("id").asText().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("moto kept no raw message " + messageId + ": " + data.body()));
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(kept.path("raw_data").asText().getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Entity entity) throws IOException {
        StringWriter text = new StringWriter();
        try (Reader reader = ((TextBody) entity.getBody()).getReader()) {
            reader.transferTo(text);
        }
        return text.toString();
    }
}
