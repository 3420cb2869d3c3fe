package dev.hubcrm.local;

import com.sun.net.httpserver.HttpServer;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.events.LocalDomainEvents;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.mail.LocalOutbox;
import dev.hubcrm.mail.LocalSenderIdentities;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.pacing.SendRate;
import dev.hubcrm.testkit.EmbeddedSqs;
import dev.hubcrm.wallet.LocalCheckoutGateway;
import dev.hubcrm.wallet.StripeCheckoutGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The embedded default ({@code ./dev run}): the API on 127.0.0.1 with DynamoDB Local and ElasticMQ
 * in this JVM, every request going through the real handlers as API Gateway events, and the import
 * export and campaign queues consumed by the real workers as the stack's event source mappings do ({@link LocalSqsEventSource}),
 * and the table's stream fed to the real segment evaluator and event publisher ({@link LocalDynamoStreamSource}).
 */
public final class LocalServer implements AutoCloseable {
    private final HttpServer http;
    private final EmbeddedDynamoDb dynamo;
    private final EmbeddedSqs sqs;
    private final ExecutorService workers;
    private final LocalSqsEventSource importWorker;
    private final LocalSqsEventSource exportWorker;
    private final LocalSqsEventSource campaignSender;
    private final LocalDynamoStreamSource segmentEvaluator;
    private final LocalDynamoStreamSource eventPublisher;
    private final String operatorKey;
    private final String stripeWebhookSecret;

    /** How to start: port 0 picks a free one; a null data directory keeps everything in memory. */
    public record Settings(int port, Path dataDir, boolean fresh, String operatorKey, Duration keyCache) {
    }

    /** The import queue as the stack creates it: its worker's chunks, redriven to a DLQ after five deliveries. */
    static final String IMPORT_QUEUE = "hubcrm-imports";
    static final String IMPORT_DEAD_LETTER_QUEUE = "hubcrm-imports-dlq";
    /** Shorter than in AWS (12 min), so that a chunk that failed locally comes back soon. */
    static final Duration IMPORT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    /** As the stack's event source mapping: 10 messages a batch, 5 concurrent invocations, the worker's 2 min timeout. */
    static final int IMPORT_BATCH_SIZE = 10;
    static final int IMPORT_CONCURRENCY = 5;
    static final Duration IMPORT_WORKER_TIMEOUT = Duration.ofMinutes(2);
    static final int IMPORT_MAX_RECEIVES = 5;
    /** The export queue as the stack creates it: one export a message, one message an invocation, the worker's 15 min. */
    static final String EXPORT_QUEUE = "hubcrm-exports";
    static final String EXPORT_DEAD_LETTER_QUEUE = "hubcrm-exports-dlq";
    static final int EXPORT_CONCURRENCY = 2;
    static final Duration EXPORT_WORKER_TIMEOUT = Duration.ofMinutes(15);
    /** Longer than the worker's timeout: an export is never delivered again while it is still being written. */
    static final Duration EXPORT_VISIBILITY_TIMEOUT = EXPORT_WORKER_TIMEOUT.plusMinutes(1);
    /** The campaign queue as the stack creates it ({@code Campaigns}): ten tasks a batch, the sender's timeout. */
    static final String CAMPAIGN_QUEUE = "hubcrm-campaigns";
    static final String CAMPAIGN_DEAD_LETTER_QUEUE = "hubcrm-campaigns-dlq";
    /** Shorter than in AWS, so that a throttled delivery comes back soon. */
    static final Duration CAMPAIGN_VISIBILITY_TIMEOUT = Duration.ofSeconds(20);
    /** As the stack's stream event source mapping: batches of 100, and only customer, segment, channel, channel-join, channel-rename and note-purge items (its filter). */
    static final int SEGMENT_STREAM_BATCH_SIZE = 100;
    static final Set<String> SEGMENT_STREAM_KINDS = Set.of("customer", "segment", "channel", "channel-join", "channel-rename", "note-purge");
    /** As the stack's event publisher mapping: batches of 100 outbox items (its filter); the events go to {@code GET /_local/events}. */
    static final int OUTBOX_STREAM_BATCH_SIZE = 100;

    private LocalServer(HttpServer http, EmbeddedDynamoDb dynamo, EmbeddedSqs sqs, ExecutorService workers,
            LocalSqsEventSource importWorker, LocalSqsEventSource exportWorker, LocalSqsEventSource campaignSender,
            LocalDynamoStreamSource segmentEvaluator, LocalDynamoStreamSource eventPublisher, String operatorKey,
            String stripeWebhookSecret) {
        this.http = http;
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.workers = workers;
        this.importWorker = importWorker;
        this.exportWorker = exportWorker;
        this.campaignSender = campaignSender;
        this.segmentEvaluator = segmentEvaluator;
        this.eventPublisher = eventPublisher;
        this.operatorKey = operatorKey;
        this.stripeWebhookSecret = stripeWebhookSecret;
    }

    public static void main(String[] args) throws IOException {
        boolean fresh = List.of(args).contains("--fresh");
        int port = Integer.parseInt(System.getenv().getOrDefault("HUBCRM_PORT", "3000"));
        Path dataDir = Path.of(System.getenv().getOrDefault("HUBCRM_DATA_DIR", ".hubcrm")).toAbsolutePath();
        long started = System.nanoTime();
        LocalServer server = start(new Settings(port, dataDir, fresh, operatorKey(dataDir, fresh), AppContext.KEY_CACHE));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.printf("hubcrm local API on %s (started in %d ms; data in %s%s)%n", server.baseUrl(),
                (System.nanoTime() - started) / 1_000_000, dataDir, fresh ? ", fresh" : "");
    }

    public static LocalServer start(Settings settings) throws IOException {
        return start(settings, null, null);
    }

    /**
     * The local server with its mail going to {@code mailProvider} (SES on an emulator) at {@code sendRate}
     * instead of the outbox at the environment's rate (ADR 27); nulls keep those.
     */
    public static LocalServer start(Settings settings, Mailer mailProvider, SendRate sendRate) throws IOException {
        if (settings.dataDir() != null && settings.fresh()) {
            deleteDynamoData(settings.dataDir());
        }
        CompletableFuture<EmbeddedSqs> sqs = CompletableFuture.supplyAsync(EmbeddedSqs::start);
        EmbeddedDynamoDb dynamo = settings.dataDir() == null ? EmbeddedDynamoDb.inMemory()
                : EmbeddedDynamoDb.persistedIn(Files.createDirectories(settings.dataDir().resolve("dynamodb")));
        AppContext app = AppContext.local(dynamo.endpoint(), TableDesign.DEFAULT_TABLE_NAME,
                ApiKeys.sha256(settings.operatorKey()), AppContext.systemClock(), settings.keyCache());
        TableProvisioner.ensureTable(app.dynamo(), app.table());
        EmbeddedSqs queues = sqs.join();
        String importQueueUrl = createQueue(app.withImportQueue(queues.endpoint(), null).sqs(), IMPORT_QUEUE,
                IMPORT_DEAD_LETTER_QUEUE, IMPORT_VISIBILITY_TIMEOUT);
        app.withImportQueue(queues.endpoint(), importQueueUrl);
        String exportQueueUrl = createQueue(app.sqs(), EXPORT_QUEUE, EXPORT_DEAD_LETTER_QUEUE,
                EXPORT_VISIBILITY_TIMEOUT);
        app.withExportQueue(exportQueueUrl);
        String campaignQueueUrl = createQueue(app.sqs(), CAMPAIGN_QUEUE, CAMPAIGN_DEAD_LETTER_QUEUE, CAMPAIGN_VISIBILITY_TIMEOUT);
        app.withCampaignQueue(campaignQueueUrl);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.port()), 128);
        String baseUrl = baseUrl(http);
        app.withPublicBaseUrl(baseUrl);
        LocalUploadStore uploads = new LocalUploadStore(URI.create(baseUrl), app.clock());
        app.withUploadStore(uploads);
        String webhookSecret = secretOfThisRun(AppContext.STRIPE_WEBHOOK_SECRET_ENV, "whsec_local_");
        String portalSecret = secretOfThisRun(AppContext.PORTAL_SECRET_ENV, "portal_local_");
        LocalCheckoutGateway localCheckout = new LocalCheckoutGateway(baseUrl);
        String stripeKey = System.getenv(AppContext.STRIPE_SECRET_KEY_ENV);
        app.withCheckout(stripeKey == null || stripeKey.isBlank() ? localCheckout
                : new StripeCheckoutGateway(() -> stripeKey, System.getenv(AppContext.STRIPE_API_BASE_ENV)),
                () -> webhookSecret, () -> portalSecret);
        LocalOutbox outbox = new LocalOutbox(app.clock());
        app.withMailer(mailProvider == null ? outbox : mailProvider);
        if (sendRate != null) {
            app.withSendRate(sendRate);
        }
        LocalDomainEvents domainEvents = new LocalDomainEvents(app.clock());
        app.withDomainEvents(domainEvents);
        LocalSenderIdentities senderIdentities = new LocalSenderIdentities();
        app.withSenderIdentities(senderIdentities);
        LocalFunctions functions = new LocalFunctions(app);
        LocalSqsEventSource importWorker = LocalSqsEventSource.start(app.sqs(), importQueueUrl,
                LambdaFunction.IMPORT_WORKER, () -> functions.newHandler(LambdaFunction.IMPORT_WORKER),
                QueueConsumer.unbatched(IMPORT_BATCH_SIZE, IMPORT_CONCURRENCY, IMPORT_WORKER_TIMEOUT));
        LocalSqsEventSource exportWorker = LocalSqsEventSource.start(app.sqs(), exportQueueUrl,
                LambdaFunction.EXPORT_WORKER, () -> functions.newHandler(LambdaFunction.EXPORT_WORKER),
                QueueConsumer.unbatched(1, EXPORT_CONCURRENCY, EXPORT_WORKER_TIMEOUT));
        LocalSqsEventSource campaignSender = LocalSqsEventSource.start(app.sqs(), campaignQueueUrl,
                LambdaFunction.CAMPAIGN_SENDER, () -> functions.newHandler(LambdaFunction.CAMPAIGN_SENDER), QueueConsumer.CAMPAIGN_SENDER);
        String streamArn = app.dynamo().describeTable(r -> r.tableName(app.table())).table().latestStreamArn();
        LocalDynamoStreamSource segmentEvaluator = LocalDynamoStreamSource.start(localStreams(dynamo.endpoint()), streamArn,
                LambdaFunction.SEGMENT_EVALUATOR, functions.newHandler(LambdaFunction.SEGMENT_EVALUATOR),
                SEGMENT_STREAM_BATCH_SIZE, SEGMENT_STREAM_KINDS);
        LocalDynamoStreamSource eventPublisher = LocalDynamoStreamSource.start(localStreams(dynamo.endpoint()), streamArn,
                LambdaFunction.EVENT_PUBLISHER, functions.newHandler(LambdaFunction.EVENT_PUBLISHER),
                OUTBOX_STREAM_BATCH_SIZE, Set.of(DynamoOutbox.KIND));
        ExecutorService workers = Executors.newFixedThreadPool(32);
        http.setExecutor(workers);
        http.createContext("/", new LocalApi(functions));
        http.createContext(LocalProblem.PATH, LocalProblem::unknownHelper);
        http.createContext(LocalUploadStore.PATH, uploads);
        http.createContext(LocalCheckoutGateway.PATH_PREFIX, new LocalCheckout(localCheckout, () -> webhookSecret, () -> baseUrl));
        http.createContext(LocalJobs.PATH, new LocalJobs(functions));
        http.createContext(LocalOutboxPage.PATH, new LocalOutboxPage(outbox));
        http.createContext(LocalSesEvents.PATH, new LocalSesEvents(functions));
        http.createContext(LocalEventsPage.PATH, new LocalEventsPage(domainEvents));
        http.createContext(LocalSenderVerification.PATH, new LocalSenderVerification(senderIdentities));
        http.createContext(LocalInboundMail.PATH, new LocalInboundMail(app));
        http.start();
        return new LocalServer(http, dynamo, queues, workers, importWorker, exportWorker, campaignSender, segmentEvaluator, eventPublisher,
                settings.operatorKey(), webhookSecret);
    }

    /** A DynamoDB Streams client for DynamoDB Local's stream, which accepts any credentials. */
    private static DynamoDbStreamsClient localStreams(URI endpoint) {
        return AwsClients.emulator(DynamoDbStreamsClient.builder(), endpoint);
    }

    /** Creates a work queue (import, export, campaigns) and its dead-letter queue in ElasticMQ; answers the queue's URL. */
    private static String createQueue(SqsClient client, String name, String deadLetterName, Duration visibility) {
        String deadLetters = client.createQueue(r -> r.queueName(deadLetterName)).queueUrl();
        String deadLetterArn = client.getQueueAttributes(r -> r.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return client.createQueue(r -> r.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + IMPORT_MAX_RECEIVES
                        + "\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}"))).queueUrl();
    }

    public String baseUrl() {
        return baseUrl(http);
    }

    private static String baseUrl(HttpServer http) {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** The import queue's event source, which tests hold, step and wait on. */
    public LocalSqsEventSource importWorker() {
        return importWorker;
    }

    /** DynamoDB Local's endpoint, for a function run as a process of its own on this server's table (tests). */
    public URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    /** ElasticMQ's endpoint, likewise. */
    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    /** The campaign queue's event source (the campaign sender), which tests hold, step and wait on. */
    public LocalSqsEventSource campaignSender() {
        return campaignSender;
    }

    public String operatorKey() {
        return operatorKey;
    }

    /** The secret that signs Stripe webhooks here: STRIPE_WEBHOOK_SECRET, or one made up for this run. */
    public String stripeWebhookSecret() {
        return stripeWebhookSecret;
    }

    /** The environment variable's value, or a random secret for this run (what it signs dies with the run). */
    private static String secretOfThisRun(String environmentVariable, String prefix) {
        String fromEnvironment = System.getenv(environmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    @Override
    public void close() {
        http.stop(0);
        importWorker.close();
        exportWorker.close();
        campaignSender.close();
        segmentEvaluator.close();
        eventPublisher.close();
        workers.shutdownNow();
        sqs.close();
        dynamo.close();
    }

    /** HUBCRM_OPERATOR_KEY, or a key generated once, kept in the data directory and printed. */
    private static String operatorKey(Path dataDir, boolean fresh) throws IOException {
        String fromEnvironment = System.getenv("HUBCRM_OPERATOR_KEY");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        Path file = dataDir.resolve("operator-key");
        if (Files.exists(file) && !fresh) {
            System.out.println("operator key: in " + file);
            return Files.readString(file).strip();
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String key = "hcrm-operator." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(dataDir);
        Files.writeString(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        System.out.println("operator key (generated, kept in " + file + "): " + key);
        return key;
    }

    private static void deleteDynamoData(Path dataDir) {
        Path dynamoData = dataDir.resolve("dynamodb");
        if (!Files.exists(dynamoData)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dynamoData)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
