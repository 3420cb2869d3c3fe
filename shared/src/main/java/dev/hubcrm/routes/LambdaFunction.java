package dev.hubcrm.routes;

/**
 * The Lambda functions of hubcrm. Each is a Maven module under {@code functions/<module>} that
 * builds {@code target/<module>.jar}; the CDK stack and the local server both start from here.
 */
public enum LambdaFunction {
    HUBS_ADMIN("hubs-admin", "dev.hubcrm.hubs.HubsAdminHandler", 512),
    CUSTOMERS_API("customers-api", "dev.hubcrm.customers.CustomersApiHandler", 1024),
    /** POST /v1/imports parses the whole file (up to 4.5 MB) in memory: more memory, more CPU. */
    IMPORTS_API("imports", "dev.hubcrm.imports.ImportsApiHandler", 2048),
    /** No routes: fed by the import queue (SQS); its jar has no file parsers (ADR 5). */
    IMPORT_WORKER("import-worker", "dev.hubcrm.imports.ImportWorkerHandler", 1024),
    /**
     * No routes: fed by the export queue (SQS), one export per invocation; writes a large customer
     * export's CSV to the upload bucket (ADR 9). Disk for the file, and a timeout for a whole export.
     */
    EXPORT_WORKER("export-worker", "dev.hubcrm.exports.ExportWorkerHandler", 1024),
    SEGMENTS_API("segments-api", "dev.hubcrm.segments.SegmentsApiHandler", 1024),
    /** No routes: fed by the table's DynamoDB stream (customer changes, segment backfill steps and deletes). */
    SEGMENT_EVALUATOR("segment-evaluator", "dev.hubcrm.segments.SegmentEvaluatorHandler", 1024),
    /** No routes: an EventBridge schedule; in the same jar as {@link #SEGMENT_EVALUATOR}. */
    SEGMENT_REFRESH("segment-evaluator", "dev.hubcrm.segments.SegmentRefreshHandler", 1024),
    /** Conversations: notes on customers (with their history), the hub's due reminders, search, channels and their feeds. */
    NOTES_API("notes-api", "dev.hubcrm.conversations.NotesApiHandler", 1024),
    /** Wallets: balance, ledger, charges, refunds, adjustments, top-ups (Stripe Checkout). */
    WALLET_API("wallet-api", "dev.hubcrm.wallet.WalletApiHandler", 1024),
    /** Stripe's events, without hub auth: the signature is the authentication. */
    STRIPE_WEBHOOK("stripe-webhook", "dev.hubcrm.wallet.StripeWebhookHandler", 1024),
    /** No routes: run daily by an EventBridge schedule (locally POST /_local/jobs/low-balance-reminders). */
    LOW_BALANCE_REMINDERS("low-balance-reminders", "dev.hubcrm.wallet.LowBalanceRemindersHandler", 1024),
    /** Campaigns: drafts and their templates, preview, test mail, starting a send, recipients; one-click unsubscribe. */
    CAMPAIGNS_API("campaigns-api", "dev.hubcrm.campaigns.CampaignsApiHandler", 1024),
    /**
     * No routes: fed by the campaign queue (SQS): snapshot steps (one page of a segment's members each)
     * and deliveries (one recipient each) through SES v2.
     */
    CAMPAIGN_SENDER("campaign-sender", "dev.hubcrm.campaigns.CampaignSenderHandler", 1024),
    /**
     * No routes: run every minute by an EventBridge schedule (locally POST /_local/jobs/campaign-sweep);
     * starts due scheduled campaigns. In the same jar as {@link #CAMPAIGN_SENDER}.
     */
    CAMPAIGN_SWEEP("campaign-sender", "dev.hubcrm.campaigns.CampaignSweepHandler", 1024),
    /**
     * No routes: SES's events about campaign mail (delivery, open, click, bounce, complaint) from the
     * configuration set's EventBridge destination (locally POST /_local/ses-events).
     */
    SES_EVENTS("ses-events", "dev.hubcrm.campaigns.SesEventsHandler", 512),
    /**
     * No routes: the SES receipt rule's Lambda action, after its S3 action stored the raw mail (ADR 28);
     * locally POST /_local/inbound-mail. Memory for a 10 MB mail parsed whole.
     */
    INBOUND_MAIL("inbound-mail", "dev.hubcrm.conversations.InboundMailHandler", 1024),
    /**
     * No routes: fed by the table's DynamoDB stream, outbox items only; publishes their domain events to the
     * stack's own EventBridge bus (ADR 32). Apart from the segment evaluator, so that only it holds the bus's client and grant.
     */
    EVENT_PUBLISHER("event-publisher", "dev.hubcrm.events.EventPublisherHandler", 512);

    private final String module;
    private final String handlerClass;
    private final int memoryMb;

    LambdaFunction(String module, String handlerClass, int memoryMb) {
        this.module = module;
        this.handlerClass = handlerClass;
        this.memoryMb = memoryMb;
    }

    /** Module directory under {@code functions/} and the name of its shaded jar. */
    public String module() {
        return module;
    }

    /** Fully qualified handler class, as the Lambda runtime's {@code handler} setting. */
    public String handlerClass() {
        return handlerClass;
    }

    public int memoryMb() {
        return memoryMb;
    }
}
