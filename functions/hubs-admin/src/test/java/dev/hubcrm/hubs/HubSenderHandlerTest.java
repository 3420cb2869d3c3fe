package dev.hubcrm.hubs;

import static dev.hubcrm.testkit.lambda.Responses.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.mail.SesSenderIdentities;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Tag;

/**
 * The sender samples ({@code events/http/set-hub-sender.json}, {@code get-hub-sender.json}) through
 * the real hubs-admin handler, with SES v2 on moto and the table on DynamoDB Local: the identity is
 * created in SES as the hub's and recorded on the hub item, where the mail paths read it.
 */
class HubSenderHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static EmulatorProcess moto;
    private static SesV2Client ses;
    private static AppContext app;
    private static HubsAdminHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        moto = MotoServer.start();
        String table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        ses = AwsClients.emulator(SesV2Client.builder(), moto.endpoint());
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op"), Clock.systemUTC(), Duration.ZERO)
                .withSenderIdentities(new SesSenderIdentities(ses));
        handler = new HubsAdminHandler(app);
    }

    @AfterAll
    static void stop() {
        ses.close();
        moto.close();
        app.dynamo().close();
        dynamoDb.close();
    }

    private static APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new InvocationContext("hubs-admin", 512));
    }

    @Test
    void theSampleSetsTheAddressAsTheHubsSesIdentityAndReadsItBack() {
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Green Valley", "EUR", "Europe/Paris"));
        Map<String, String> key = Map.of("hubKey", hub.key().secret());
        assertThat(invoke(Events.load("http/get-hub-sender.json", key)).getStatusCode()).isEqualTo(404);

        APIGatewayV2HTTPResponse set = invoke(Events.load("http/set-hub-sender.json", key));

        assertThat(set.getStatusCode()).as(set.getBody()).isEqualTo(200);
        JsonNode sender = json(set);
        assertThat(sender.get("email").asText()).isEqualTo("news@greenvalley.example");
        assertThat(sender.get("status").asText()).isEqualTo("pending");
        assertThat(ses.getEmailIdentity(r -> r.emailIdentity("news@greenvalley.example")).tags())
                .containsExactly(Tag.builder().key("hubcrm:hub").value(hub.hub().id()).build());
        SenderIdentity recorded = app.hubs().get(hub.hub().id()).sender();
        assertThat(recorded.name()).isEqualTo("news@greenvalley.example");
        assertThat(recorded.status()).isEqualTo(SenderIdentity.Status.PENDING);

        APIGatewayV2HTTPResponse read = invoke(Events.load("http/get-hub-sender.json", key));

        assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(sender);
    }

    @Test
    void anIdentityMadeOutsideHubcrmIsRefusedAndNotRecorded() {
        ses.createEmailIdentity(r -> r.emailIdentity("greenvalley.example"));
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Taker", "EUR", "UTC"));
        APIGatewayV2HTTPEvent event = Events.withBody(Events.load("http/set-hub-sender.json", Map.of("hubKey", hub.key().secret())),
                "{\"domain\":\"greenvalley.example\"}");

        APIGatewayV2HTTPResponse refused = invoke(event);

        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(409);
        assertThat(app.hubs().get(hub.hub().id()).sender()).isNull();
    }
}
