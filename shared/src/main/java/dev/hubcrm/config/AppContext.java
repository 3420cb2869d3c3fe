package dev.hubcrm.config;

import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Authenticator;
import dev.hubcrm.http.IdempotencyStore;
import dev.hubcrm.http.Operation;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.imports.DynamoImportRepository;
import dev.hubcrm.imports.ImportService;
import dev.hubcrm.imports.ImportUploads;
import dev.hubcrm.imports.S3UploadStore;
import dev.hubcrm.imports.SqsImportQueue;
import dev.hubcrm.imports.UploadStore;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.mail.SesMailer;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.MessageHistory;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.segments.DynamoSegmentRepository;
import dev.hubcrm.segments.SegmentMembership;
import dev.hubcrm.segments.SegmentService;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.timeline.Timeline;
import dev.hubcrm.wallet.CheckoutGateway;
import dev.hubcrm.wallet.DynamoReminderStore;
import dev.hubcrm.wallet.DynamoWalletRepository;
import dev.hubcrm.wallet.LowBalanceReminders;
import dev.hubcrm.wallet.PortalLinks;
import dev.hubcrm.wallet.StripeCheckoutGateway;
import dev.hubcrm.wallet.StripeWebhook;
import dev.hubcrm.wallet.WalletService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires clients, repositories and services once per function instance (at init, so SnapStart
 * snapshots them). {@link #fromEnvironment()} is the Lambda wiring; {@link #local} points the same
 * code at emulators for the local server and the tests.
 */
public final class AppContext {
    /** How long a warm function trusts a verified hub key before reading it again. */
    public static final Duration KEY_CACHE = Duration.ofSeconds(30);
    /** Environment variable with the URL of the import queue (the imports API sends to it). */
    public static final String IMPORT_QUEUE_URL_ENV = "HUBCRM_IMPORT_QUEUE_URL";
    /** Stripe's API key: the value itself (local runs against Stripe test mode) or, in the stack, an SSM parameter's name. */
    public static final String STRIPE_SECRET_KEY_ENV = "STRIPE_SECRET_KEY";
    public static final String STRIPE_SECRET_KEY_PARAMETER_ENV = "HUBCRM_STRIPE_SECRET_KEY_PARAMETER";
    /** The webhook endpoint's signing secret ({@code whsec_...}), likewise. */
    public static final String STRIPE_WEBHOOK_SECRET_ENV = "STRIPE_WEBHOOK_SECRET";
    public static final String STRIPE_WEBHOOK_SECRET_PARAMETER_ENV = "HUBCRM_STRIPE_WEBHOOK_SECRET_PARAMETER";
    /** Where Stripe Checkout sends the customer back after paying (the hub's shop). */
    public static final String TOP_UP_RETURN_URL_ENV = "HUBCRM_TOP_UP_RETURN_URL";
    /** The sender of hubcrm's own mail (reminders) when a hub has set none; an SES-verified identity in the stack. */
    public static final String MAIL_FROM_ENV = "HUBCRM_MAIL_FROM";
    /** The key that signs customer portal links: the value (local runs) or, in the stack, an SSM parameter's name. */
    public static final String PORTAL_SECRET_ENV = "HUBCRM_PORTAL_SECRET";
    public static final String PORTAL_SECRET_PARAMETER_ENV = "HUBCRM_PORTAL_SECRET_PARAMETER";
    private static final String LOCAL_MAIL_FROM = "wallet@hubcrm.invalid";
    /** Environment variable with the bucket that holds import uploads (the imports API presigns into it). */
    public static final String UPLOAD_BUCKET_ENV = "HUBCRM_UPLOAD_BUCKET";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final HubService hubs;
    private final CustomerService customers;
    private final Authenticator authenticator;
    private final IdempotencyStore idempotency;
    /** Inside Lambda: prime each pipeline before the SnapStart snapshot. */
    private boolean primeBeforeSnapshot;
    /** The SQS endpoint of an emulator; null in AWS. */
    private URI sqsEndpoint;
    private String importQueueUrl;
    /** Built on first use: only the imports functions talk to SQS. */
    private SqsClient sqs;
    private ImportService imports;
    private SegmentService segments;
    private SegmentMembership segmentMembership;
    private CheckoutGateway checkout;
    private Supplier<String> stripeWebhookSecret;
    private Supplier<String> portalSecret;
    private WalletService wallet;
    /** Built on first use in AWS (only the reminder function sends mail); the local outbox locally. */
    private Mailer mailer;
    private String mailFrom = LOCAL_MAIL_FROM;
    /** The local server's own store; null in AWS, where the bucket from the environment is used. */
    private UploadStore uploadStore;
    private ImportUploads uploads;

    private AppContext(DynamoDbClient dynamo, String table, String operatorKeySha256, Clock clock, Duration keyCache) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.hubs = new HubService(new DynamoHubRepository(dynamo, table), clock);
        this.customers = new CustomerService(new DynamoCustomerRepository(dynamo, table), hubs, clock);
        this.authenticator = new Authenticator(operatorKeySha256, hubs, keyCache, clock);
        this.idempotency = new IdempotencyStore(dynamo, table, clock);
    }

    /** The wiring inside Lambda: region and credentials from the runtime's environment. */
    public static AppContext fromEnvironment() {
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .build();
        String table = System.getenv().getOrDefault(TableDesign.TABLE_ENV, TableDesign.DEFAULT_TABLE_NAME);
        AppContext app = new AppContext(dynamo, table, System.getenv("HUBCRM_OPERATOR_KEY_SHA256"), systemClock(), KEY_CACHE);
        app.primeBeforeSnapshot = true;
        app.importQueueUrl = System.getenv(IMPORT_QUEUE_URL_ENV);
        Supplier<String> stripeKey = ParameterSecret.fromEnvironment(STRIPE_SECRET_KEY_ENV, STRIPE_SECRET_KEY_PARAMETER_ENV, app.clock);
        app.checkout = new StripeCheckoutGateway(stripeKey, null, System.getenv(TOP_UP_RETURN_URL_ENV));
        app.mailFrom = System.getenv().getOrDefault(MAIL_FROM_ENV, LOCAL_MAIL_FROM);
        app.portalSecret = ParameterSecret.fromEnvironment(PORTAL_SECRET_ENV, PORTAL_SECRET_PARAMETER_ENV, app.clock);
        app.stripeWebhookSecret = ParameterSecret.fromEnvironment(STRIPE_WEBHOOK_SECRET_ENV, STRIPE_WEBHOOK_SECRET_PARAMETER_ENV, app.clock);
        return app;
    }

    /** UTC with millisecond precision, the precision of every time the API shows. */
    public static Clock systemClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /** The same wiring against a DynamoDB endpoint of an emulator. */
    public static AppContext local(URI dynamoEndpoint, String table, String operatorKeySha256, Clock clock, Duration keyCache) {
        return new AppContext(localDynamo(dynamoEndpoint), table, operatorKeySha256, clock, keyCache);
    }

    /** A client for DynamoDB Local, which accepts any credentials. */
    public static DynamoDbClient localDynamo(URI endpoint) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** Points imports at an SQS emulator's queue (local server, tests); in AWS the queue comes from the environment. */
    public AppContext withImportQueue(URI sqsEndpoint, String queueUrl) {
        this.sqsEndpoint = sqsEndpoint;
        this.importQueueUrl = queueUrl;
        return this;
    }

    /** The SQS client: in AWS region and credentials from the runtime, locally the emulator's endpoint. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = sqsEndpoint == null
                    ? SqsClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .region(Region.of(System.getenv("AWS_REGION")))
                            .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                            .build()
                    : SqsClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .endpointOverride(sqsEndpoint)
                            .region(Region.US_EAST_1)
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                            .build();
        }
        return sqs;
    }

    public synchronized ImportService imports() {
        if (imports == null) {
            imports = new ImportService(new DynamoImportRepository(dynamo, table), customers, hubs,
                    () -> new SqsImportQueue(sqs(), importQueueUrl), clock);
        }
        return imports;
    }

    public synchronized SegmentService segments() {
        if (segments == null) {
            segments = new SegmentService(new DynamoSegmentRepository(dynamo, table), customers, hubs, clock);
        }
        return segments;
    }

    /** What keeps segment membership current (the segment evaluator and the refresh job). */
    public synchronized SegmentMembership segmentMembership() {
        if (segmentMembership == null) {
            segmentMembership = new SegmentMembership(new DynamoSegmentRepository(dynamo, table), customers, clock);
        }
        return segmentMembership;
    }

    /**
     * Where top-ups are paid, the secret that signs Stripe's webhooks and the one that signs portal
     * links (local server, tests).
     */
    public AppContext withCheckout(CheckoutGateway checkout, Supplier<String> stripeWebhookSecret, Supplier<String> portalSecret) {
        this.checkout = checkout;
        this.stripeWebhookSecret = stripeWebhookSecret;
        this.portalSecret = portalSecret;
        return this;
    }

    public synchronized WalletService wallet() {
        if (wallet == null) {
            if (checkout == null) {
                throw new IllegalStateException("no checkout gateway: call withCheckout first");
            }
            wallet = new WalletService(new DynamoWalletRepository(dynamo, table), hubs, customers, checkout,
                    new PortalLinks(portalSecret), clock);
        }
        return wallet;
    }

    /** Sends mail through {@code mailer} (the local outbox) instead of SES. */
    public AppContext withMailer(Mailer mailer) {
        this.mailer = mailer;
        return this;
    }

    public synchronized Mailer mailer() {
        if (mailer == null) {
            mailer = new SesMailer(SesV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                    .region(Region.of(System.getenv("AWS_REGION")))
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build());
        }
        return mailer;
    }

    public LowBalanceReminders lowBalanceReminders() {
        return new LowBalanceReminders(new DynamoReminderStore(dynamo, table), hubs, wallet(), mailer(), messages(), mailFrom, clock);
    }

    public MessageHistory messages() {
        return new MessageHistory(new DynamoMessageRepository(dynamo, table), customers);
    }

    public Timeline timeline() {
        return new Timeline(customers, new DynamoCustomerRepository(dynamo, table), new DynamoWalletRepository(dynamo, table),
                new DynamoMessageRepository(dynamo, table));
    }

    public StripeWebhook stripeWebhook() {
        return new StripeWebhook(stripeWebhookSecret, wallet(), clock);
    }

    /** Keeps import uploads in {@code store} instead of the S3 bucket (the local server). */
    public AppContext withUploadStore(UploadStore store) {
        this.uploadStore = store;
        return this;
    }

    /** Built on first use: only the imports API presigns uploads, and only it carries the S3 client. */
    public synchronized ImportUploads uploads() {
        if (uploads == null) {
            uploads = new ImportUploads(uploadStore != null ? uploadStore : s3UploadStore(), clock);
        }
        return uploads;
    }

    private static UploadStore s3UploadStore() {
        String bucket = System.getenv(UPLOAD_BUCKET_ENV);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(UPLOAD_BUCKET_ENV + " is not set: the stack sets it on the imports function");
        }
        Region region = Region.of(System.getenv("AWS_REGION"));
        return new S3UploadStore(S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(region)
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build(),
                S3Presigner.builder().region(region).credentialsProvider(EnvironmentVariableCredentialsProvider.create()).build(),
                bucket);
    }

    public ApiPipeline pipeline(LambdaFunction function, Map<String, Operation> operations) {
        ApiPipeline pipeline = new ApiPipeline(function, operations, authenticator, idempotency);
        return primeBeforeSnapshot ? pipeline.primedBeforeSnapshot() : pipeline;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public String table() {
        return table;
    }

    public Clock clock() {
        return clock;
    }

    public HubService hubs() {
        return hubs;
    }

    public CustomerService customers() {
        return customers;
    }
}
