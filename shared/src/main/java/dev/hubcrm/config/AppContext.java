package dev.hubcrm.config;

import dev.hubcrm.campaigns.CampaignBatch;
import dev.hubcrm.campaigns.CampaignMail;
import dev.hubcrm.campaigns.CampaignMailEvents;
import dev.hubcrm.campaigns.CampaignSending;
import dev.hubcrm.campaigns.CampaignService;
import dev.hubcrm.campaigns.DynamoCampaignRepository;
import dev.hubcrm.campaigns.DynamoMailEventRepository;
import dev.hubcrm.campaigns.SqsTaskRedelivery;
import dev.hubcrm.campaigns.UnsubscribeLinks;
import dev.hubcrm.conversations.ChannelService;
import dev.hubcrm.conversations.DynamoChannelRepository;
import dev.hubcrm.conversations.DynamoInboundMailRepository;
import dev.hubcrm.conversations.DynamoNoteRepository;
import dev.hubcrm.conversations.InboundAddress;
import dev.hubcrm.conversations.InboundMailService;
import dev.hubcrm.conversations.RawMailStore;
import dev.hubcrm.conversations.S3RawMailStore;
import dev.hubcrm.conversations.DynamoNoteSearchIndex;
import dev.hubcrm.conversations.NoteService;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerEngagement;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.events.DomainEvents;
import dev.hubcrm.events.EventBridgeDomainEvents;
import dev.hubcrm.exports.DynamoExportRepository;
import dev.hubcrm.exports.ExportService;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Authenticator;
import dev.hubcrm.http.IdempotencyStore;
import dev.hubcrm.http.Operation;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.SenderIdentities;
import dev.hubcrm.hubs.SenderIdentityService;
import dev.hubcrm.imports.DynamoImportRepository;
import dev.hubcrm.imports.ImportService;
import dev.hubcrm.imports.ImportUploads;
import dev.hubcrm.imports.S3UploadStore;
import dev.hubcrm.imports.SqsImportQueue;
import dev.hubcrm.imports.UploadStore;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.mail.PacedMailer;
import dev.hubcrm.mail.SesMailer;
import dev.hubcrm.mail.SesSenderIdentities;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.MessageHistory;
import dev.hubcrm.pacing.SendPacing;
import dev.hubcrm.pacing.SendRate;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires clients, repositories and services once per function instance (at init, so SnapStart
 * snapshots them). {@link #fromEnvironment()} is the Lambda wiring; {@link #local} points the same
 * code at emulators for the local server and the tests. Only the table, hubs, customers, keys and
 * idempotency are built for every function; everything else (SQS, S3, SES, Stripe, secrets) is built
 * on first use, so a function initialises only what its handler asks for and its jar need not carry
 * the classes of the others (Stripe Java is in the wallet jars only).
 */
public final class AppContext {
    /** How long a warm function trusts a verified hub key before reading it again. */
    public static final Duration KEY_CACHE = Duration.ofSeconds(30);
    /** Environment variable with the URL of the import queue (the imports API sends to it). */
    public static final String IMPORT_QUEUE_URL_ENV = "HUBCRM_IMPORT_QUEUE_URL";
    /** Stripe's API key: the value itself (local runs against Stripe test mode) or, in the stack, an SSM parameter's name. */
    public static final String STRIPE_SECRET_KEY_ENV = "STRIPE_SECRET_KEY";
    public static final String STRIPE_SECRET_KEY_PARAMETER_ENV = "HUBCRM_STRIPE_SECRET_KEY_PARAMETER";
    /** Stripe's API base URL when it is not Stripe's own: an emulator (stripe-mock) in local runs and the runtime check. */
    public static final String STRIPE_API_BASE_ENV = "STRIPE_API_BASE";
    /** The webhook endpoint's signing secret ({@code whsec_...}), likewise. */
    public static final String STRIPE_WEBHOOK_SECRET_ENV = "STRIPE_WEBHOOK_SECRET";
    public static final String STRIPE_WEBHOOK_SECRET_PARAMETER_ENV = "HUBCRM_STRIPE_WEBHOOK_SECRET_PARAMETER";
    /** The platform's sender: hub mail comes from it until the hub's own identity is verified; an SES-verified identity in the stack. */
    public static final String MAIL_FROM_ENV = "HUBCRM_MAIL_FROM";
    /** The key that signs customer portal links: the value (local runs) or, in the stack, an SSM parameter's name. */
    public static final String PORTAL_SECRET_ENV = "HUBCRM_PORTAL_SECRET";
    public static final String PORTAL_SECRET_PARAMETER_ENV = "HUBCRM_PORTAL_SECRET_PARAMETER";
    private static final String LOCAL_MAIL_FROM = "wallet@hubcrm.invalid";
    /**
     * The API's public base URL ({@code https://api.example.com}), from which every link that leaves
     * the system is built (portal links, mails, Checkout return pages); never from request headers.
     */
    public static final String PUBLIC_BASE_URL_ENV = "HUBCRM_PUBLIC_BASE_URL";
    /** The local server's address, the default public base URL outside Lambda. */
    public static final String LOCAL_BASE_URL = "http://127.0.0.1:3000";
    /** Environment variable with the bucket that holds import uploads (the imports API presigns into it). */
    public static final String UPLOAD_BUCKET_ENV = "HUBCRM_UPLOAD_BUCKET";
    /** Environment variable with the URL of the export queue (the imports API, which serves exports, sends to it). */
    public static final String EXPORT_QUEUE_URL_ENV = "HUBCRM_EXPORT_QUEUE_URL";
    /** Environment variable with the URL of the campaign queue (the campaigns API and the sender send to it). */
    public static final String CAMPAIGN_QUEUE_URL_ENV = "HUBCRM_CAMPAIGN_QUEUE_URL";
    /** The platform's send rate in mails a second, when lower than the SES account's (ADR 27); unset: SES's. */
    public static final String MAX_SEND_RATE_ENV = "HUBCRM_MAX_SEND_RATE";
    /** The share (above 0, at most 1) of the platform's send rate one hub's campaigns may take; unset: 0.5. */
    public static final String HUB_SEND_SHARE_ENV = "HUBCRM_HUB_SEND_SHARE";
    /** The domain SES receives hubs' inbound mail at ({@code <hubId>@<domain>}, ADR 28); unset: no inbound addresses. */
    public static final String INBOUND_DOMAIN_ENV = "HUBCRM_INBOUND_DOMAIN";
    /** The bucket the SES receipt rule stores raw inbound mail in (the inbound-mail function reads it). */
    public static final String INBOUND_BUCKET_ENV = "HUBCRM_INBOUND_BUCKET";
    /** The local server's inbound domain: {@code POST /_local/inbound-mail} delivers to addresses at it. */
    public static final String LOCAL_INBOUND_DOMAIN = "inbound.hubcrm.invalid";
    /** The SES configuration set campaign mail is sent in (its event destinations see each mail); unset: none. */
    public static final String SES_CONFIGURATION_SET_ENV = "HUBCRM_SES_CONFIGURATION_SET";
    /** The stack's own EventBridge bus, where the event-publisher function publishes the outbox's domain events. */
    public static final String EVENT_BUS_NAME_ENV = "HUBCRM_EVENT_BUS_NAME";
    /** Seconds a campaign delivery's claim holds its recipient (ADR 20); unset: {@link CampaignSending#DEFAULT_LEASE}. */
    public static final String CAMPAIGN_CLAIM_LEASE_ENV = "HUBCRM_CAMPAIGN_CLAIM_LEASE_SECONDS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final HubService hubs;
    private final CustomerService customers;
    private final Authenticator authenticator;
    private final IdempotencyStore idempotency;
    private final Quotas quotas;
    /** Inside Lambda: optional adapters come from the environment, and each pipeline is primed before the SnapStart snapshot. */
    private boolean inLambda;
    private String publicBaseUrl = LOCAL_BASE_URL;
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
    private SsmSecrets ssmSecrets;
    private WalletService wallet;
    /** The mail provider: built on first use in AWS (SES), the local outbox locally. */
    private Mailer mailer;
    /** The SES adapter inside Lambda, which also reads the account's sending rate. */
    private SesMailer sesMailer;
    /** {@link #mailer} behind the platform's send rate: what every sender of mail is given. */
    private Mailer pacedMailer;
    /** Read once per function instance, on the first mail. */
    private SendRate sendRate;
    private SendPacing sendPacing;
    private String mailFrom = LOCAL_MAIL_FROM;
    /** SES in AWS, built on first use (only hubs-admin manages identities); the local server's own locally. */
    private SenderIdentities senderIdentities;
    /** The local server's own store; null in AWS, where the bucket from the environment is used. */
    private UploadStore uploadStore;
    private ImportUploads uploads;
    /** The export queue of an emulator (on the import queue's endpoint); null in AWS, where the environment names it. */
    private String exportQueueUrl;
    private ExportService exports;
    private CampaignService campaigns;
    private CampaignSending campaignSending;
    /** The campaign queue of an emulator (on the import queue's endpoint); null in AWS, where the environment names it. */
    private String campaignQueueUrl;
    /** Built on first use in AWS (only the event publisher publishes); the local server's list locally. */
    private DomainEvents domainEvents;
    private String inboundDomain = LOCAL_INBOUND_DOMAIN;
    private InboundMailService inboundMail;
    /** The local server's own store; null in AWS, where the bucket from the environment is used. */
    private RawMailStore rawMail;

    private AppContext(DynamoDbClient dynamo, String table, String operatorKeySha256, Clock clock, Duration keyCache) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.hubs = new HubService(new DynamoHubRepository(dynamo, table), clock);
        this.customers = new CustomerService(new DynamoCustomerRepository(dynamo, table), hubs, clock);
        this.authenticator = new Authenticator(operatorKeySha256, hubs, keyCache, clock);
        this.idempotency = new IdempotencyStore(dynamo, table, clock);
        this.quotas = new Quotas(new DynamoQuotaCounter(dynamo, table), clock);
    }

    /** The wiring inside Lambda: region, credentials and endpoints as the runtime and the SDK's own settings give them. */
    public static AppContext fromEnvironment() {
        DynamoDbClient dynamo = AwsClients.inLambda(DynamoDbClient.builder());
        String table = System.getenv().getOrDefault(TableDesign.TABLE_ENV, TableDesign.DEFAULT_TABLE_NAME);
        AppContext app = new AppContext(dynamo, table, System.getenv("HUBCRM_OPERATOR_KEY_SHA256"), systemClock(), KEY_CACHE);
        app.inLambda = true;
        app.importQueueUrl = System.getenv(IMPORT_QUEUE_URL_ENV);
        app.mailFrom = System.getenv().getOrDefault(MAIL_FROM_ENV, LOCAL_MAIL_FROM);
        app.publicBaseUrl = System.getenv(PUBLIC_BASE_URL_ENV);
        app.inboundDomain = System.getenv(INBOUND_DOMAIN_ENV);
        return app;
    }

    /** {@code url} without a trailing slash; an absolute http(s) URL is required inside Lambda. */
    static String publicBaseUrl(String url) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw new IllegalStateException(PUBLIC_BASE_URL_ENV + " must be the API's absolute base URL (the stack sets it), not "
                    + (url == null ? "unset" : "'" + url + "'"));
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** UTC with millisecond precision, the precision of every time the API shows. */
    public static Clock systemClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    /** The same wiring against a DynamoDB endpoint of an emulator. */
    public static AppContext local(URI dynamoEndpoint, String table, String operatorKeySha256, Clock clock, Duration keyCache) {
        return local(localDynamo(dynamoEndpoint), table, operatorKeySha256, clock, keyCache);
    }

    /** The same over a client of one's own (one that counts its calls, in the tests that measure what a step costs). */
    public static AppContext local(DynamoDbClient dynamo, String table, String operatorKeySha256, Clock clock, Duration keyCache) {
        return new AppContext(dynamo, table, operatorKeySha256, clock, keyCache);
    }

    /** A client for DynamoDB Local, which accepts any credentials. */
    public static DynamoDbClient localDynamo(URI endpoint) {
        return AwsClients.emulator(DynamoDbClient.builder(), endpoint);
    }

    /** Links that leave the system start with {@code baseUrl} (the local server: its own address). */
    public AppContext withPublicBaseUrl(String baseUrl) {
        this.publicBaseUrl = publicBaseUrl(baseUrl);
        return this;
    }

    /** The API's public base URL, without a trailing slash; checked when a function that builds links asks for it. */
    public String publicBaseUrl() {
        return publicBaseUrl(publicBaseUrl);
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
            sqs = sqsEndpoint == null ? AwsClients.inLambda(SqsClient.builder()) : AwsClients.emulator(SqsClient.builder(), sqsEndpoint);
        }
        return sqs;
    }

    public synchronized ImportService imports() {
        if (imports == null) {
            imports = new ImportService(new DynamoImportRepository(dynamo, table), customers, hubs,
                    () -> new SqsImportQueue(sqs(), importQueueUrl), quotas, clock);
        }
        return imports;
    }

    public synchronized SegmentService segments() {
        if (segments == null) {
            segments = new SegmentService(new DynamoSegmentRepository(dynamo, table), customers, hubs, quotas, clock);
        }
        return segments;
    }

    /** What keeps segment membership current (the segment evaluator and the refresh job). */
    public synchronized SegmentMembership segmentMembership() {
        if (segmentMembership == null) {
            segmentMembership = new SegmentMembership(new DynamoSegmentRepository(dynamo, table), customers, channels(), clock);
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
            // The gateway is built at the first top-up, not with the wallet: the stripe-webhook jar, which only
            // credits, carries no Stripe Java (ADR 33).
            CheckoutGateway lazyCheckout = (hubId, topUp, returnUrl) -> checkout().create(hubId, topUp, returnUrl);
            wallet = new WalletService(new DynamoWalletRepository(dynamo, table), hubs, customers, lazyCheckout,
                    new PortalLinks(portalSecret(), this::publicBaseUrl), quotas, clock);
        }
        return wallet;
    }

    /** Stripe Checkout inside Lambda, built at the first top-up: only the jars that open top-ups carry Stripe Java. */
    private synchronized CheckoutGateway checkout() {
        if (checkout == null) {
            requireLambda("no checkout gateway: call withCheckout first");
            checkout = new StripeCheckoutGateway(
                    ssmSecrets().fromEnvironment(STRIPE_SECRET_KEY_ENV, STRIPE_SECRET_KEY_PARAMETER_ENV),
                    System.getenv(STRIPE_API_BASE_ENV));
        }
        return checkout;
    }

    private Supplier<String> portalSecret() {
        if (portalSecret == null) {
            requireLambda("no portal secret: call withCheckout first");
            portalSecret = ssmSecrets().fromEnvironment(PORTAL_SECRET_ENV, PORTAL_SECRET_PARAMETER_ENV);
        }
        return portalSecret;
    }

    private synchronized Supplier<String> stripeWebhookSecret() {
        if (stripeWebhookSecret == null) {
            requireLambda("no Stripe webhook secret: call withCheckout first");
            stripeWebhookSecret = ssmSecrets().fromEnvironment(STRIPE_WEBHOOK_SECRET_ENV, STRIPE_WEBHOOK_SECRET_PARAMETER_ENV);
        }
        return stripeWebhookSecret;
    }

    /** One SSM provider and cache for the function's secrets, made on first use (only the wallet jars carry SSM). */
    private synchronized SsmSecrets ssmSecrets() {
        if (ssmSecrets == null) {
            ssmSecrets = SsmSecrets.inLambda();
        }
        return ssmSecrets;
    }

    private void requireLambda(String message) {
        if (!inLambda) {
            throw new IllegalStateException(message);
        }
    }

    /** Sends mail through {@code mailer} (the local outbox) instead of SES. */
    public AppContext withMailer(Mailer mailer) {
        this.mailer = mailer;
        return this;
    }

    /** The mail port every sender uses: the provider behind the platform's send rate (ADR 27). */
    public synchronized Mailer mailer() {
        if (pacedMailer == null) {
            pacedMailer = new PacedMailer(providerMailer(), sendPacing());
        }
        return pacedMailer;
    }

    private synchronized Mailer providerMailer() {
        if (mailer == null) {
            requireLambda("no mailer: call withMailer first");
            sesMailer = new SesMailer(AwsClients.inLambda(SesMailer.forMail(SesV2Client.builder())), System.getenv(SES_CONFIGURATION_SET_ENV));
            mailer = sesMailer;
        }
        return mailer;
    }

    /** Keeps sender identities in {@code identities} instead of SES (the local server). */
    public AppContext withSenderIdentities(SenderIdentities identities) {
        this.senderIdentities = identities;
        return this;
    }

    public synchronized SenderIdentityService senderIdentities() {
        if (senderIdentities == null) {
            requireLambda("no sender identities: call withSenderIdentities first");
            senderIdentities = new SesSenderIdentities(AwsClients.inLambda(SesV2Client.builder()));
        }
        return new SenderIdentityService(hubs, senderIdentities, quotas, clock);
    }

    /** Paces mail at {@code rate} instead of what SES and the environment say (local server, tests, benchmarks). */
    public AppContext withSendRate(SendRate rate) {
        this.sendRate = rate;
        return this;
    }

    /** Send tokens on the table, at the rate read on the first mail (SES's GetAccount inside Lambda). */
    public synchronized SendPacing sendPacing() {
        if (sendPacing == null) {
            DynamoQuotaCounter counter = new DynamoQuotaCounter(dynamo, table);
            sendPacing = new SendPacing(counter, this::sendRate, clock, Thread::sleep);
        }
        return sendPacing;
    }

    private synchronized SendRate sendRate() {
        if (sendRate == null) {
            providerMailer();
            sendRate = SendRate.configured(sesMailer == null ? null : sesMailer.accountMaxSendRate(),
                    System.getenv(MAX_SEND_RATE_ENV), System.getenv(HUB_SEND_SHARE_ENV));
        }
        return sendRate;
    }

    public LowBalanceReminders lowBalanceReminders() {
        return new LowBalanceReminders(new DynamoReminderStore(dynamo, table), hubs, wallet(), mailer(), messages(), mailFrom, clock);
    }

    public MessageHistory messages() {
        return new MessageHistory(new DynamoMessageRepository(dynamo, table), customers);
    }

    public Timeline timeline() {
        return new Timeline(customers, new DynamoCustomerRepository(dynamo, table), new DynamoWalletRepository(dynamo, table),
                new DynamoMessageRepository(dynamo, table), new DynamoNoteRepository(dynamo, table),
                new DynamoChannelRepository(dynamo, table));
    }

    public NoteService notes() {
        return new NoteService(new DynamoNoteRepository(dynamo, table), new DynamoNoteSearchIndex(dynamo, table), customers, hubs,
                channels(), clock);
    }

    public ChannelService channels() {
        return new ChannelService(new DynamoChannelRepository(dynamo, table), new DynamoNoteRepository(dynamo, table),
                new DynamoNoteSearchIndex(dynamo, table), segments(), customers, clock);
    }

    public StripeWebhook stripeWebhook() {
        return new StripeWebhook(stripeWebhookSecret(), wallet(), clock);
    }

    /**
     * Campaign mail goes out through the mail port from the platform's sender, with unsubscribe links
     * signed by the portal key (one key for the links that stand in for a customer's login).
     */
    public synchronized CampaignMail campaignMail() {
        return campaignMail(mailer());
    }

    /** Campaign mail through {@code mailer}: the paced port (test mails), or the provider itself for deliveries, which take their tokens first. */
    private CampaignMail campaignMail(Mailer mailer) {
        return new CampaignMail(mailer, new UnsubscribeLinks(portalSecret(), this::publicBaseUrl), mailFrom, this::publicBaseUrl);
    }

    public synchronized CampaignService campaigns() {
        if (campaigns == null) {
            campaigns = new CampaignService(new DynamoCampaignRepository(dynamo, table), segments(), customers, hubs,
                    campaignMail(), campaignSending(), quotas, clock);
        }
        return campaigns;
    }

    /** Points campaigns at an SQS emulator's queue (local server, tests), on the endpoint {@link #withImportQueue} gave. */
    public AppContext withCampaignQueue(String queueUrl) {
        this.campaignQueueUrl = queueUrl;
        return this;
    }

    /** The campaign sender's work: snapshot steps and deliveries, through the campaign queue. */
    public synchronized CampaignSending campaignSending() {
        if (campaignSending == null) {
            campaignSending = new CampaignSending(new DynamoCampaignRepository(dynamo, table), customers, hubs, campaignMail(providerMailer()),
                    sendPacing(), () -> workQueue(campaignQueueUrl, CAMPAIGN_QUEUE_URL_ENV),
                    CampaignSending.configuredLease(System.getenv(CAMPAIGN_CLAIM_LEASE_ENV)), clock);
        }
        return campaignSending;
    }

    /** Engagement with campaign mail on customers: their engagement facts and the hub's engagement rules' tags. */
    public CustomerEngagement customerEngagement() {
        return new CustomerEngagement(new DynamoCustomerRepository(dynamo, table), hubs, clock);
    }

    /** The campaign sender's batches: its tasks a rate-derived number at a time, those SES refused for now back soon. */
    public CampaignBatch campaignBatch() {
        return new CampaignBatch(campaignSending(), sendPacing(), new SqsTaskRedelivery(sqs(), queueUrl(campaignQueueUrl,
                CAMPAIGN_QUEUE_URL_ENV)), QueueConsumer.CAMPAIGN_SENDER.maxConcurrency());
    }

    /** SES's events about campaign mail (the ses-events function). */
    public CampaignMailEvents campaignMailEvents() {
        return new CampaignMailEvents(new DynamoMailEventRepository(dynamo, table), customerEngagement(), clock);
    }

    /** The event publisher publishes to {@code events} (the local server's list, tests) instead of the stack's bus. */
    public AppContext withDomainEvents(DomainEvents events) {
        this.domainEvents = events;
        return this;
    }

    public synchronized DomainEvents domainEvents() {
        if (domainEvents == null) {
            requireLambda("no domain events: call withDomainEvents first");
            domainEvents = eventBridgeDomainEvents();
        }
        return domainEvents;
    }

    /** Apart, so that only the event publisher's jar carries the EventBridge client. */
    private static DomainEvents eventBridgeDomainEvents() {
        String bus = System.getenv(EVENT_BUS_NAME_ENV);
        if (bus == null || bus.isBlank()) {
            throw new IllegalStateException(EVENT_BUS_NAME_ENV + " is not set: the stack sets it on the event publisher");
        }
        return new EventBridgeDomainEvents(AwsClients.inLambda(EventBridgeClient.builder()), bus);
    }

    /** Keeps import uploads in {@code store} instead of the S3 bucket (the local server). */
    public AppContext withUploadStore(UploadStore store) {
        this.uploadStore = store;
        return this;
    }

    /** Built on first use: only the imports API presigns uploads, and only it carries the S3 client. */
    public synchronized ImportUploads uploads() {
        if (uploads == null) {
            uploads = new ImportUploads(uploadStore(), quotas, clock);
        }
        return uploads;
    }

    /** Points exports at an SQS emulator's queue (local server, tests), on the endpoint {@link #withImportQueue} gave. */
    public AppContext withExportQueue(String queueUrl) {
        this.exportQueueUrl = queueUrl;
        return this;
    }

    /** Built on first use: the imports API (which serves exports) and the export worker. */
    public synchronized ExportService exports() {
        if (exports == null) {
            exports = new ExportService(new DynamoExportRepository(dynamo, table), customers, hubs, uploadStore(),
                    () -> workQueue(exportQueueUrl, EXPORT_QUEUE_URL_ENV), quotas, clock);
        }
        return exports;
    }

    /** A work queue: the emulator's ({@code localUrl}) when one was given, else the one the environment names in Lambda. */
    private SqsImportQueue workQueue(String localUrl, String environmentVariable) {
        return new SqsImportQueue(sqs(), queueUrl(localUrl, environmentVariable));
    }

    /** A queue's URL: the emulator's ({@code localUrl}) when one was given, else the one the environment names in Lambda. */
    private String queueUrl(String localUrl, String environmentVariable) {
        String url = localUrl != null ? localUrl : inLambda ? System.getenv(environmentVariable) : null;
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("no queue configured (" + environmentVariable + ")");
        }
        return url;
    }

    private synchronized UploadStore uploadStore() {
        if (uploadStore == null) {
            requireLambda("no upload store: call withUploadStore first");
            uploadStore = s3UploadStore();
        }
        return uploadStore;
    }

    private static UploadStore s3UploadStore() {
        String bucket = System.getenv(UPLOAD_BUCKET_ENV);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(UPLOAD_BUCKET_ENV + " is not set: the stack sets it on the imports and export functions");
        }
        return new S3UploadStore(AwsClients.inLambda(S3Client.builder()),
                S3Presigner.builder().region(AwsClients.lambdaRegion()).credentialsProvider(AwsClients.lambdaCredentials()).build(),
                bucket);
    }

    /** The hub's inbound mail address; null when the stack has no inbound domain. */
    public String inboundAddress(String hubId) {
        return InboundAddress.of(hubId, inboundDomain);
    }

    /** Inbound mail: notes from customers' mail, the hub's inbox (notes-api and the inbound-mail function). */
    public synchronized InboundMailService inboundMail() {
        if (inboundMail == null) {
            inboundMail = new InboundMailService(new DynamoInboundMailRepository(dynamo, table), notes(), new DynamoNoteSearchIndex(dynamo, table),
                    customers, hubs, inboundDomain, clock);
        }
        return inboundMail;
    }

    /** Keeps raw inbound mail in {@code store} instead of the S3 bucket (the local server). */
    public AppContext withRawMailStore(RawMailStore store) {
        this.rawMail = store;
        return this;
    }

    /** Built on first use: only the inbound-mail function reads raw mail, and only it carries the S3 client for it. */
    public synchronized RawMailStore rawMail() {
        if (rawMail == null) {
            requireLambda("no raw mail store: call withRawMailStore first");
            String bucket = System.getenv(INBOUND_BUCKET_ENV);
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalStateException(INBOUND_BUCKET_ENV + " is not set: the stack sets it on the inbound-mail function");
            }
            rawMail = new S3RawMailStore(AwsClients.inLambda(S3Client.builder()), bucket);
        }
        return rawMail;
    }

    public ApiPipeline pipeline(LambdaFunction function, Map<String, Operation> operations) {
        ApiPipeline pipeline = new ApiPipeline(function, operations, authenticator, idempotency);
        return inLambda ? pipeline.primedBeforeSnapshot() : pipeline;
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

    /** Per-hub limits on expensive operations: {@code app.quotas().take(hubId, Quota.X)}. */
    public Quotas quotas() {
        return quotas;
    }
}
