package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.http.Json;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Replays {@code events/ses/inbound-mail.json} through the real handler, the raw mail in moto's S3 where the
 * receipt rule's S3 action puts it, on DynamoDB Local: the customer's note once, however often SES delivers.
 */
class InboundMailHandlerTest {
    private static final String BUCKET = "hubcrm-inbound-test";
    private static EmbeddedDynamoDb dynamoDb;
    private static EmulatorProcess moto;
    private static S3Client s3;
    private static AppContext app;
    private static InboundMailHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        moto = MotoServer.start();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(), Duration.ZERO)
                .withRawMailStore(new S3RawMailStore(s3, BUCKET));
        handler = new InboundMailHandler(app);
    }

    @AfterAll
    static void stop() {
        s3.close();
        moto.close();
        app.dynamo().close();
        dynamoDb.close();
    }

    private static JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer,
                new InvocationContext("inbound-mail", 1024));
        return Json.MAPPER.readTree(answer.toByteArray());
    }

    @Test
    void theSampleMailBecomesTheSendersNoteOnceAndAVirusIsDropped() throws IOException {
        String hubId = app.hubs().create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        String elodie = app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, "elodie.martin@example.com", null,
                "Élodie", null, null, List.of(), Map.of(), false, null, false)).id();
        Map<String, String> values = Map.of("inboundAddress", app.inboundAddress(hubId));
        String event = Events.fill(Events.read("ses/inbound-mail.json"), values);
        String sesMessageId = Json.MAPPER.readTree(event).at("/Records/0/ses/mail/messageId").asText();
        s3.putObject(r -> r.bucket(BUCKET).key(S3RawMailStore.KEY_PREFIX + sesMessageId),
                RequestBody.fromString(Events.fill(Events.read("mail/french-multipart-attachment.eml"), values), StandardCharsets.UTF_8));

        JsonNode first = invoke(event);
        JsonNode again = invoke(event);
        JsonNode virus = invoke(event.replace("\"virusVerdict\": {\"status\": \"PASS\"}", "\"virusVerdict\": {\"status\": \"FAIL\"}"));

        assertThat(first.at("/mails/0/deliveries/0/outcome").asText()).isEqualTo("note");
        assertThat(first.at("/mails/0/deliveries/0/hubId").asText()).isEqualTo(hubId);
        assertThat(again.at("/mails/0/deliveries/0/outcome").asText()).isEqualTo("duplicate");
        assertThat(virus.at("/mails/0/refused").asText()).isEqualTo("SES found a virus");
        List<Note> notes = app.notes().list(hubId, elodie, null, new PageRequest(10, null)).items();
        assertThat(notes).extracting(Note::id).containsExactly(first.at("/mails/0/deliveries/0/id").asText());
        assertThat(notes.get(0).body()).contains("crème fraîche").doesNotContain("pièce jointe");
    }
}
