package dev.hubcrm.imports;

import static dev.hubcrm.imports.Sheets.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.JobStatus;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.EmbeddedSqs;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The import pipeline on the real emulators: {@link ImportService#start} queues chunks in ElasticMQ,
 * {@link ImportService#process} writes to DynamoDB Local. Chunks delivered twice, concurrently, or
 * after a crash between the writes and the count, and two imports of one file at once, never
 * create a customer twice nor count a row twice.
 */
class ImportWorkerTest {
    private static LocalDynamo dynamo;
    private static EmbeddedSqs sqsServer;
    private static SqsClient sqs;
    private static String table;

    private String queueUrl;
    private HubService hubs;
    private CustomerService customers;
    private DynamoImportRepository repository;
    private ImportService imports;
    private String hubId;

    @BeforeAll
    static void emulators() {
        dynamo = LocalDynamo.start();
        table = dynamo.freshTable();
        sqsServer = EmbeddedSqs.start();
        sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(sqsServer.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        sqsServer.close();
        dynamo.close();
    }

    @BeforeEach
    void freshHubAndQueue() {
        queueUrl = sqs.createQueue(r -> r.queueName("imports-" + System.nanoTime())).queueUrl();
        Clock clock = AppContext.systemClock();
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        repository = new DynamoImportRepository(dynamo.client(), table);
        imports = new ImportService(repository, customers, hubs, () -> new SqsImportQueue(sqs, queueUrl),
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock), clock);
        hubId = hubs.create(new NewHub("Import hub", "EUR", "Europe/Paris")).hub().id();
    }

    /** Every message on the queue (and deletes them, as a consumer that is done with them). */
    private List<ImportChunk> drain() {
        List<ImportChunk> chunks = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return chunks;
            }
            for (Message message : messages) {
                chunks.add(ImportJson.chunk(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private List<Customer> customersOfHub() {
        return dynamo.partition(table, hubId).stream()
                .filter(item -> item.get("SK").s().startsWith("CUST#"))
                .map(item -> customers.get(hubId, item.get("id").s()))
                .toList();
    }

    private static String file(int rows, boolean withPhoneOnlyRows) {
        StringBuilder csv = new StringBuilder("email,firstName,phone,tags\n");
        for (int i = 1; i <= rows; i++) {
            if (withPhoneOnlyRows && i % 10 == 0) {
                csv.append(",Phone").append(i).append(",+33 6 00 00 ").append(String.format("%02d %02d", i / 100, i % 100)).append(",\n");
            } else {
                csv.append("person").append(i).append("@example.com,First").append(i).append(",,imported\n");
            }
        }
        return csv.toString();
    }

    private ImportJob start(String csv) {
        return imports.start(hubId, utf8(csv), ImportFormat.CSV, false);
    }

    @Test
    void chunksDeliveredTwiceAreCountedOnceAndCreateEveryCustomerOnce() {
        ImportJob started = start(file(250, true));
        assertThat(started.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(started.chunks()).isEqualTo(3);

        List<ImportChunk> chunks = drain();
        assertThat(chunks).extracting(ImportChunk::number).containsExactlyInAnyOrder(0, 1, 2);
        for (ImportChunk chunk : chunks) {
            assertThat(imports.process(chunk, false)).isEqualTo(ImportService.ChunkResult.COUNTED);
        }
        for (ImportChunk chunk : chunks) {
            assertThat(imports.process(chunk, false)).isEqualTo(ImportService.ChunkResult.ALREADY_COUNTED);
        }

        ImportJob done = imports.get(hubId, started.id());
        assertThat(done.effectiveStatus()).isEqualTo(JobStatus.DONE);
        assertThat(done.status()).as("stored, not only derived").isEqualTo(JobStatus.DONE);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(List.of(done.total(), done.processed(), done.created(), done.updated(), done.failed()))
                .containsExactly(250L, 250L, 250L, 0L, 0L);
        List<Customer> all = customersOfHub();
        assertThat(all).hasSize(250);
        assertThat(all.stream().filter(c -> c.phone() != null)).hasSize(25);
        assertThat(all.stream().map(Customer::id).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(List.of(ids(started.id(), 2, 251)));
    }

    private static String[] ids(String importId, int fromRow, int toRow) {
        List<String> ids = new ArrayList<>();
        for (int row = fromRow; row <= toRow; row++) {
            ids.add(ImportIds.customerId(importId, row));
        }
        return ids.toArray(String[]::new);
    }

    @Test
    void aChunkRetriedAfterACrashBetweenItsWritesAndItsCountFindsWhatItCreated() {
        ImportJob started = start(file(100, true));
        ImportChunk chunk = drain().getFirst();
        ImportRepository crashesBeforeCounting = new CrashingRepository(repository);
        ImportService crashing = new ImportService(crashesBeforeCounting, customers, hubs, () -> null,
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), Clock.systemUTC()), Clock.systemUTC());

        assertThatThrownBy(() -> crashing.process(chunk, false)).hasMessageContaining("crash");
        assertThat(customersOfHub()).as("the rows were written before the crash").hasSize(100);
        assertThat(imports.get(hubId, started.id()).processed()).isZero();

        assertThat(imports.process(chunk, false)).isEqualTo(ImportService.ChunkResult.COUNTED);

        ImportJob done = imports.get(hubId, started.id());
        assertThat(List.of(done.processed(), done.created(), done.updated(), done.failed())).containsExactly(100L, 100L, 0L, 0L);
        assertThat(customersOfHub()).hasSize(100).allSatisfy(c -> assertThat(c.version()).as("not rewritten").isEqualTo(1));
    }

    @Test
    void theSameChunkDeliveredToTwoWorkersAtOnceIsCountedOnce() throws InterruptedException {
        ImportJob started = start(file(100, true));
        ImportChunk chunk = drain().getFirst();

        List<Concurrently.Outcome<ImportService.ChunkResult>> outcomes = Concurrently.run(2, () -> imports.process(chunk, false));
        // A worker that lost a race on a row may fail; its message would come back: deliver it again.
        for (Concurrently.Outcome<ImportService.ChunkResult> outcome : outcomes) {
            if (!outcome.succeeded()) {
                assertThat(imports.process(chunk, false)).isEqualTo(ImportService.ChunkResult.ALREADY_COUNTED);
            }
        }

        assertThat(outcomes.stream().filter(o -> o.value() == ImportService.ChunkResult.COUNTED)).hasSize(1);
        ImportJob done = imports.get(hubId, started.id());
        assertThat(List.of(done.processed(), done.created(), done.updated(), done.failed())).containsExactly(100L, 100L, 0L, 0L);
        assertThat(customersOfHub()).hasSize(100);
    }

    @Test
    void twoImportsOfTheSameFileAtOnceCreateEachCustomerOnce() throws InterruptedException {
        String csv = file(300, false);
        ImportJob first = start(csv);
        ImportJob second = start(csv);
        List<ImportChunk> chunks = drain();
        assertThat(chunks).hasSize(6);

        List<Callable<ImportService.ChunkResult>> workers = new ArrayList<>();
        for (ImportChunk chunk : chunks) {
            workers.add(() -> {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return imports.process(chunk, false);
                    } catch (RuntimeException raced) {
                        if (attempt == ImportService.DELIVERY_ATTEMPTS) {
                            throw raced;
                        }
                    }
                }
            });
        }
        assertThat(Concurrently.run(workers)).allSatisfy(outcome -> assertThat(outcome.error()).isNull());

        ImportJob a = imports.get(hubId, first.id());
        ImportJob b = imports.get(hubId, second.id());
        assertThat(customersOfHub()).hasSize(300);
        assertThat(customersOfHub().stream().map(Customer::email).distinct()).hasSize(300);
        for (ImportJob job : List.of(a, b)) {
            assertThat(job.effectiveStatus()).isEqualTo(JobStatus.DONE);
            assertThat(job.processed()).isEqualTo(300);
            assertThat(job.failed()).isZero();
            assertThat(job.created() + job.updated()).isEqualTo(300);
        }
        assertThat(a.created() + b.created()).as("each customer created by exactly one of them").isEqualTo(300);
    }

    @Test
    void rowsMatchingAnExistingEmailUpdateThatCustomerAndRepeatingThemWritesNothing() {
        Customer existing = customers.create(hubId, new CustomerDraft(CustomerType.PERSON, "Ann.Martin@Example.com", null, "Ann",
                null, null, List.of("vip"), Map.of("covers", new BigDecimal("4")), true, null, false));

        String csv = "E-mail,Last Name,Tags,Marketing Consent,fields.covers,fields.organic\n"
                + "ann.martin@example.com,Martin,wholesale/restaurants,,12,yes\n";
        ImportJob job = start(csv);
        drain().forEach(chunk -> imports.process(chunk, false));

        Customer updated = customers.get(hubId, existing.id());
        assertThat(imports.get(hubId, job.id())).satisfies(j ->
                assertThat(List.of(j.created(), j.updated(), j.failed())).containsExactly(0L, 1L, 0L));
        assertThat(updated.email()).as("the stored spelling stays").isEqualTo("Ann.Martin@Example.com");
        assertThat(updated.firstName()).as("an absent column changes nothing").isEqualTo("Ann");
        assertThat(updated.lastName()).isEqualTo("Martin");
        assertThat(updated.tags()).containsExactly("vip", "wholesale/restaurants");
        assertThat(updated.marketingConsent()).as("an empty cell changes nothing").isTrue();
        assertThat(updated.fields()).isEqualTo(Map.of("covers", "12", "organic", "yes"));
        assertThat(customersOfHub()).hasSize(1);

        ImportJob again = start(csv);
        drain().forEach(chunk -> imports.process(chunk, false));
        assertThat(imports.get(hubId, again.id()).updated()).isEqualTo(1);
        assertThat(customers.get(hubId, existing.id()).version()).as("nothing changed, nothing written").isEqualTo(updated.version());
    }

    @Test
    void aRowThatOnlyTheWriteCanRefuseFailsAloneWithItsRowNumber() {
        // No name: fine for an email that exists (update), refused for one that does not (create).
        customers.create(hubId, new CustomerDraft(null, "known@example.com", null, "Known", null, null, List.of(), Map.of(), false,
                null, false));
        ImportJob job = start("email,firstName,tags\n"
                + "new1@example.com,New,\n"
                + "known@example.com,,regular\n"
                + "nameless@example.com,,\n"
                + "new2@example.com,New,\n");
        drain().forEach(chunk -> imports.process(chunk, false));

        ImportJob done = imports.get(hubId, job.id());
        assertThat(List.of(done.processed(), done.created(), done.updated(), done.failed())).containsExactly(4L, 2L, 1L, 1L);
        assertThat(done.errors()).containsExactly(new RowError(4, "firstName: a name is required: firstName, lastName or companyName"));
        assertThat(customers.findByEmail(hubId, "known@example.com").orElseThrow().tags()).containsExactly("regular");
    }

    @Test
    void aDryRunCountsWhatWouldHappenAndWritesNoCustomer() {
        customers.create(hubId, new CustomerDraft(null, "known@example.com", null, "Known", null, null, List.of(), Map.of(), false,
                null, false));
        List<Map<String, AttributeValue>> before = dynamo.partition(table, hubId);

        ImportJob job = imports.start(hubId, utf8("email,firstName\n"
                + "new@example.com,New\n"
                + "KNOWN@example.com,\n"
                + "nameless@example.com,\n"
                + "broken,X\n"
                + "new@example.com,Again\n"), ImportFormat.CSV, true);

        assertThat(job.dryRun()).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(List.of(job.total(), job.processed(), job.created(), job.updated(), job.failed()))
                .containsExactly(5L, 5L, 1L, 2L, 2L);
        assertThat(job.errors()).extracting(RowError::row).containsExactly(4, 5);
        assertThat(drain()).isEmpty();
        List<Map<String, AttributeValue>> after = dynamo.partition(table, hubId);
        assertThat(after.stream().filter(item -> !item.get("SK").s().startsWith("IMPORT#")
                        && !item.get("SK").s().startsWith("QUOTA#imports#")).toList())
                .as("nothing but the import record and the count of the hub's imports quota").containsExactlyInAnyOrderElementsOf(before);
        assertThat(imports.get(hubId, job.id())).isEqualTo(job);
    }

    @Test
    void failedRowsBeyondTheListedMaximumAreCountedNotListed() {
        StringBuilder csv = new StringBuilder("email,firstName\n");
        for (int i = 0; i < ImportService.MAX_LISTED_ERRORS; i++) {
            csv.append("broken").append(i).append(",X\n");
        }
        for (int i = 0; i < 30; i++) {
            csv.append("nameless").append(i).append("@example.com,\n");
        }
        csv.append("fine@example.com,Fine\n");
        ImportJob job = start(csv.toString());
        assertThat(job.errors()).hasSize(ImportService.MAX_LISTED_ERRORS);

        drain().forEach(chunk -> imports.process(chunk, false));

        ImportJob done = imports.get(hubId, job.id());
        assertThat(done.failed()).isEqualTo(ImportService.MAX_LISTED_ERRORS + 30);
        assertThat(done.errors()).hasSize(ImportService.MAX_LISTED_ERRORS);
        assertThat(done.errorsOmitted()).isEqualTo(30);
        assertThat(done.created()).isEqualTo(1);
        assertThat(done.effectiveStatus()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void aThousandLongErrorsAndManyIgnoredColumnsStillFitTheImportRecord() {
        StringBuilder csv = new StringBuilder("email,firstName,tags");
        for (int c = 0; c < 300; c++) {
            csv.append(",Unknown column ").append(c).append(" ").append("x".repeat(200));
        }
        csv.append('\n');
        String badTags = String.join("|", java.util.stream.IntStream.range(0, 60).mapToObj(t -> "bad tag " + t + "!" + "y".repeat(70))
                .toList());
        for (int i = 0; i < 1200; i++) {
            csv.append("broken-").append("e".repeat(300)).append(i).append(",").append("N".repeat(150)).append(",").append(badTags).append('\n');
        }

        ImportJob job = start(csv.toString());

        ImportJob stored = imports.get(hubId, job.id());
        assertThat(stored.errors()).hasSize(ImportService.MAX_LISTED_ERRORS)
                .allSatisfy(error -> assertThat(error.message()).hasSizeLessThanOrEqualTo(RowError.MAX_MESSAGE_LENGTH));
        assertThat(stored.errors().getFirst().message()).startsWith("firstName: must be at most 100 characters").endsWith("…");
        assertThat(stored.errorsOmitted()).isEqualTo(200);
        assertThat(stored.ignoredColumns()).hasSize(HeaderMapping.MAX_LISTED_IGNORED + 1).last().isEqualTo("…");
        assertThat(stored.effectiveStatus()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void aFileOfOnlyInvalidRowsIsDoneAtOnceAndQueuesNothing() {
        ImportJob job = start("email,firstName\nbroken,X\n");

        assertThat(job.status()).isEqualTo(JobStatus.DONE);
        assertThat(job.chunks()).isZero();
        assertThat(drain()).isEmpty();
        assertThat(imports.get(hubId, job.id()).failed()).isEqualTo(1);
    }

    @Test
    void aChunkOfAnImportThatIsGoneWritesNothing() {
        ImportChunk stray = new ImportChunk(hubId, ImportIds.newImportId(), 0, List.of(new ImportUnit(List.of(2),
                new ImportedCustomer("x@example.com", null, "X", null, null, null, List.of(), null, Map.of()))));

        assertThat(imports.process(stray, false)).isEqualTo(ImportService.ChunkResult.IMPORT_GONE);
        assertThat(customersOfHub()).isEmpty();
    }

    @Test
    void queueFailuresMarkTheImportFailed() {
        ImportService noQueue = new ImportService(repository, customers, hubs, () -> new SqsImportQueue(sqs,
                sqsServer.endpoint() + "/000000000000/no-such-queue"),
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), Clock.systemUTC()), Clock.systemUTC());

        assertThatThrownBy(() -> noQueue.start(hubId, utf8(file(5, false)), ImportFormat.CSV, false))
                .isInstanceOf(RuntimeException.class);

        ImportJob failed = repository.find(hubId, dynamo.partition(table, hubId).stream()
                .filter(item -> item.get("SK").s().startsWith("IMPORT#")).findFirst().orElseThrow().get("id").s()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.failureReason()).contains("import the file again");
    }

    /** Writes like the real repository but crashes where the chunk would be counted. */
    private record CrashingRepository(ImportRepository delegate) implements ImportRepository {
        @Override
        public void create(String hubId, ImportJob job) {
            delegate.create(hubId, job);
        }

        @Override
        public Optional<ImportJob> find(String hubId, String importId) {
            return delegate.find(hubId, importId);
        }

        @Override
        public void markRunning(String hubId, String importId, Instant at) {
            delegate.markRunning(hubId, importId, at);
        }

        @Override
        public boolean chunkCounted(String hubId, String importId, int number) {
            return delegate.chunkCounted(hubId, importId, number);
        }

        @Override
        public ChunkWrite countChunk(String hubId, String importId, int number, ChunkCounts counts, Instant at) {
            throw new IllegalStateException("crash: the function died before counting the chunk");
        }

        @Override
        public void finishIfComplete(String hubId, String importId, Instant at) {
            delegate.finishIfComplete(hubId, importId, at);
        }

        @Override
        public void markFailed(String hubId, String importId, String reason, Instant at) {
            delegate.markFailed(hubId, importId, reason, at);
        }
    }

}
