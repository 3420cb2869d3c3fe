package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.common.JobStatus;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replays {@code events/sqs/} through the real worker handler on DynamoDB Local. */
class ImportWorkerHandlerTest {
    private static EmbeddedDynamoDb dynamoDb;
    private static String table;
    private static AppContext app;
    private static ImportWorkerHandler handler;

    private Hub hub;
    private String importId;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.inMemory();
        table = "hubcrm-" + UUID.randomUUID();
        TableProvisioner.ensureTable(AppContext.localDynamo(dynamoDb.endpoint()), table);
        app = AppContext.local(dynamoDb.endpoint(), table, ApiKeys.sha256("op-" + UUID.randomUUID()), Clock.systemUTC(),
                Duration.ZERO);
        handler = new ImportWorkerHandler(app);
    }

    @AfterAll
    static void stop() {
        app.dynamo().close();
        dynamoDb.close();
    }

    @BeforeEach
    void hubAndImport() {
        hub = app.hubs().create(new NewHub("Hub " + UUID.randomUUID(), "EUR", "Europe/Paris")).hub();
        importId = ImportIds.newImportId();
    }

    /** The import the sample chunks belong to, as POST /v1/imports records it before queuing them. */
    private void recordImport(long rows, int chunks) {
        Instant now = Instant.now();
        new DynamoImportRepository(app.dynamo(), table).create(hub.id(), new ImportJob(importId,
                JobStatus.QUEUED, false, ImportFormat.CSV, rows, 0, 0, 0, 0, List.of(), 0, List.of(), chunks, now, now,
                null, null));
    }

    private SQSEvent sample(String name) {
        return Events.load(name, Map.of("hubId", hub.id(), "importId", importId), SQSEvent.class);
    }

    private static SQSBatchResponse invoke(SQSEvent event) {
        return handler.handleRequest(event, new InvocationContext("import-worker", 1024));
    }

    private ImportJob job() {
        return app.imports().get(hub.id(), importId);
    }

    private List<Customer> customers() {
        return app.customers().list(hub.id(), dev.hubcrm.customers.CustomerFilter.of(List.of(), null, null, null),
                new dev.hubcrm.common.PageRequest(200, null)).items();
    }

    @Test
    void aChunkCreatesItsCustomersAndCountsEveryRow() {
        recordImport(4, 1);

        SQSBatchResponse response = invoke(sample("sqs/import-chunk.json"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        ImportJob job = job();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(List.of(job.processed(), job.created(), job.updated(), job.failed())).containsExactly(4L, 2L, 1L, 1L);
        assertThat(job.errors()).containsExactly(new RowError(4, "firstName: a name is required: firstName, lastName or companyName"));
        assertThat(customers()).extracting(Customer::id).containsExactlyInAnyOrder(
                ImportIds.customerId(importId, 2), ImportIds.customerId(importId, 3));
        Customer dupont = app.customers().get(hub.id(), ImportIds.customerId(importId, 3));
        assertThat(dupont.companyName()).isEqualTo("Dupont SARL");
        assertThat(dupont.phone()).isEqualTo("+33 6 12 34 56 78");
    }

    @Test
    void anEmailWithoutANameUpdatesTheCustomerWhoHasIt() {
        Customer known = app.customers().create(hub.id(), new CustomerDraft(null, "Nameless@Example.com", null, "Known",
                null, null, List.of("old"), Map.of(), false, null, false));
        recordImport(4, 1);

        invoke(sample("sqs/import-chunk.json"));

        assertThat(List.of(job().created(), job().updated(), job().failed())).containsExactly(2L, 2L, 0L);
        assertThat(app.customers().get(hub.id(), known.id()).firstName()).isEqualTo("Known");
    }

    @Test
    void aBrokenMessageIsTheOnlyFailureOfItsBatchAndARedeliveredChunkCountsOnce() {
        recordImport(5, 2);

        SQSBatchResponse first = invoke(sample("sqs/import-chunks-batch.json"));
        SQSBatchResponse again = invoke(sample("sqs/import-chunks-batch.json"));

        for (SQSBatchResponse response : List.of(first, again)) {
            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("7f3e2d1c-5b4a-4c9d-8e7f-6a5b4c3d2e02");
        }
        ImportJob job = job();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(List.of(job.total(), job.processed(), job.created(), job.updated(), job.failed()))
                .containsExactly(5L, 5L, 3L, 1L, 1L);
        assertThat(customers()).hasSize(3);
    }

    @Test
    void chunksItHasNoTimeLeftForAreHandedBackUntouched() {
        recordImport(5, 2);
        Context almostOutOfTime = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 1_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getFunctionName", "getAwsRequestId", "getFunctionVersion", "getInvokedFunctionArn",
                         "getLogGroupName", "getLogStreamName" -> "import-worker";
                    default -> null;
                });

        SQSBatchResponse response = handler.handleRequest(sample("sqs/import-chunks-batch.json"), almostOutOfTime);

        assertThat(response.getBatchItemFailures()).hasSize(3);
        assertThat(job().processed()).isZero();
        assertThat(customers()).isEmpty();
    }

    @Test
    void theFifthDeliveryIsTheLastAttempt() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setAttributes(Map.of("ApproximateReceiveCount", "4"));
        assertThat(ImportWorkerHandler.lastAttempt(message)).isFalse();
        message.setAttributes(Map.of("ApproximateReceiveCount", "5"));
        assertThat(ImportWorkerHandler.lastAttempt(message)).isTrue();
    }
}
