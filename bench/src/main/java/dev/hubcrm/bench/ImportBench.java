package dev.hubcrm.bench;

import dev.hubcrm.common.JobStatus;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.imports.ImportFormat;
import dev.hubcrm.imports.ImportJob;
import dev.hubcrm.imports.ImportWorkerHandler;
import dev.hubcrm.local.LocalSqsEventSource;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.hubs.NewHub;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Import throughput: a CSV of {@code rows} customers (unique emails) through
 * {@code ImportService.start} and the real {@link ImportWorkerHandler}, fed by the local server's
 * {@link LocalSqsEventSource} like the stack's event source mapping (10 messages a batch, 5
 * concurrent, each with its own handler, deleting what the answer does not list as failed), timed
 * from start to the import's status {@code done}; against raw BatchWriteItem (25 a request,
 * unprocessed items retried) of every item the import wrote for its customers (customer, email
 * claim, index entries), read back and put into a fresh table of the same design. Both tables have
 * no stream ({@link TableProvisioner#ensureTable(DynamoDbClient, String, boolean)}).
 */
final class ImportBench {
    static final int BATCH_SIZE = 10;
    static final int CONCURRENCY = 5;
    private static final String IMPORT_TABLE = "hubcrm-bench-import";
    private static final String RAW_TABLE = "hubcrm-bench-import-raw";

    record Result(int rows, long importNanos, int rawItems, long rawNanos) {
        double importRowsPerSecond() {
            return rows / (importNanos / 1e9);
        }

        double rawRowsPerSecond() {
            return rows / (rawNanos / 1e9);
        }
    }

    private ImportBench() {
    }

    static Result run(URI dynamoEndpoint, String operatorKeySha256, URI sqsEndpoint, int rows) {
        AppContext app = AppContext.local(dynamoEndpoint, IMPORT_TABLE, operatorKeySha256, AppContext.systemClock(),
                Duration.ofSeconds(30));
        TableProvisioner.ensureTable(app.dynamo(), IMPORT_TABLE, false);
        String hubId = app.hubs().create(new NewHub("Import bench hub", "EUR", "Europe/Paris")).hub().id();
        SqsClient sqs = app.withImportQueue(sqsEndpoint, null).sqs();
        String queueUrl = sqs.createQueue(r -> r.queueName("hubcrm-imports-bench")
                .attributesWithStrings(Map.of("VisibilityTimeout", "60"))).queueUrl();
        app.withImportQueue(sqsEndpoint, queueUrl);
        byte[] csv = csv(rows);

        // The worker fed as locally and in the stack: pollers with Lambda's batch and partial-failure semantics.
        LocalSqsEventSource worker = LocalSqsEventSource.start(sqs, queueUrl, LambdaFunction.IMPORT_WORKER,
                () -> new ImportWorkerHandler(app), QueueConsumer.unbatched(BATCH_SIZE, CONCURRENCY, Duration.ofMinutes(2)));

        long started = System.nanoTime();
        ImportJob job = app.imports().start(hubId, csv, ImportFormat.CSV, false);
        ImportJob state = job;
        while (state.effectiveStatus() != JobStatus.DONE) {
            if (state.status() == JobStatus.FAILED) {
                throw new IllegalStateException("the import failed: " + state.failureReason());
            }
            if (System.nanoTime() - started > Duration.ofMinutes(60).toNanos()) {
                throw new IllegalStateException("the import was not done within 60 minutes: " + state.processed() + "/" + state.total());
            }
            sleep(20);
            state = app.imports().get(hubId, job.id());
        }
        long importNanos = System.nanoTime() - started;
        worker.close();
        if (state.created() != rows || state.failed() != 0) {
            throw new IllegalStateException("the import created " + state.created() + " of " + rows + " rows, " + state.failed() + " failed");
        }

        // What the import wrote for its customers (not its own bookkeeping), put again with raw BatchWriteItem.
        DynamoDbClient dynamo = app.dynamo();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(IMPORT_TABLE).consistentRead(true)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TableDesign.hubPartition(hubId))))).items()
                .forEach(item -> {
                    String sortKey = item.get(TableDesign.SORT_KEY).s();
                    if (CUSTOMER_ITEMS.stream().anyMatch(sortKey::startsWith)) {
                        items.add(item);
                    }
                });
        long customerItems = items.stream().filter(item -> item.get(TableDesign.SORT_KEY).s().startsWith("CUST#")).count();
        if (customerItems != rows) {
            throw new IllegalStateException("found " + customerItems + " customer items, expected " + rows);
        }
        TableProvisioner.ensureTable(dynamo, RAW_TABLE, false);
        long rawStarted = System.nanoTime();
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(RAW_TABLE, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        long rawNanos = System.nanoTime() - rawStarted;
        return new Result(rows, importNanos, items.size(), rawNanos);
    }

    /** Sort-key prefixes of the items a new customer consists of (DynamoCustomerRepository's layout). */
    private static final List<String> CUSTOMER_ITEMS = List.of("CUST#", "EMAIL#", "IX#");

    static byte[] csv(int rows) {
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Tags,Marketing Consent,Type\r\n");
        for (int row = 1; row <= rows; row++) {
            csv.append("bench").append(row).append("@example.com,First ").append(row).append(",\"Last, ").append(row)
                    .append("\",imported|batch-1,yes,person\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
