package dev.hubcrm.runtimecheck;

import static dev.hubcrm.routes.LambdaFunction.CAMPAIGNS_API;
import static dev.hubcrm.routes.LambdaFunction.CAMPAIGN_SENDER;
import static dev.hubcrm.routes.LambdaFunction.CAMPAIGN_SWEEP;
import static dev.hubcrm.routes.LambdaFunction.CUSTOMERS_API;
import static dev.hubcrm.routes.LambdaFunction.EVENT_PUBLISHER;
import static dev.hubcrm.routes.LambdaFunction.EXPORT_WORKER;
import static dev.hubcrm.routes.LambdaFunction.HUBS_ADMIN;
import static dev.hubcrm.routes.LambdaFunction.IMPORTS_API;
import static dev.hubcrm.routes.LambdaFunction.IMPORT_WORKER;
import static dev.hubcrm.routes.LambdaFunction.INBOUND_MAIL;
import static dev.hubcrm.routes.LambdaFunction.LOW_BALANCE_REMINDERS;
import static dev.hubcrm.routes.LambdaFunction.NOTES_API;
import static dev.hubcrm.routes.LambdaFunction.SEGMENTS_API;
import static dev.hubcrm.routes.LambdaFunction.SEGMENT_EVALUATOR;
import static dev.hubcrm.routes.LambdaFunction.SEGMENT_REFRESH;
import static dev.hubcrm.routes.LambdaFunction.SES_EVENTS;
import static dev.hubcrm.routes.LambdaFunction.STRIPE_WEBHOOK;
import static dev.hubcrm.routes.LambdaFunction.WALLET_API;

import dev.hubcrm.routes.LambdaFunction;
import java.util.List;
import java.util.Map;

/**
 * What the functions are sent, in order: the {@code events/} samples, each step's answer feeding
 * the placeholders of the next ones (the hub key of the hub created first, the customer created
 * next, the export the worker then writes...). HTTP samples are also sent to the local server, whose
 * answer must agree. Every function of the template needs at least one step.
 */
final class Scenario {

    /**
     * @param captures placeholder name → where its value is in the answer ({@code /json/pointer} in the
     *                 JSON body, or {@code header:Name})
     * @param expectedStatus the HTTP status the sample must get (HTTP samples), or 0 for other events
     * @param link a {@code /json/pointer} to a link that leaves the system, which must start with the
     *             function's public base URL ({@code HUBCRM_PUBLIC_BASE_URL}); null for none
     * @param rawMail an {@code events/mail} sample stored first where the SES receipt rule's S3 action puts
     *             it (the function's inbound bucket, under the event's SES message id); null for none
     */
    record Step(LambdaFunction function, String sample, int expectedStatus, Map<String, String> captures, String link,
            String rawMail) {

        Step(LambdaFunction function, String sample, int expectedStatus, Map<String, String> captures) {
            this(function, sample, expectedStatus, captures, null, null);
        }

        Step(LambdaFunction function, String sample, int expectedStatus, Map<String, String> captures, String link) {
            this(function, sample, expectedStatus, captures, link, null);
        }

        boolean http() {
            return sample.startsWith("http/");
        }

        /** A Stripe webhook sample: signed with the endpoint's secret before it is sent, as Stripe does. */
        boolean signedByStripe() {
            return sample.startsWith("http/stripe-");
        }
    }

    static final List<Step> STEPS = List.of(
            new Step(HUBS_ADMIN, "http/health.json", 200, Map.of()),
            new Step(HUBS_ADMIN, "http/get-openapi.json", 200, Map.of()),
            new Step(HUBS_ADMIN, "http/create-hub.json", 201, Map.of("hubKey", "/apiKey", "hubId", "/id")),
            new Step(HUBS_ADMIN, "http/set-stripe-account.json", 200, Map.of()),
            new Step(HUBS_ADMIN, "http/get-hub.json", 200, Map.of("inboundAddress", "/inboundAddress")),
            new Step(HUBS_ADMIN, "http/patch-hub.json", 200, Map.of()),
            // hubs-admin's SES v2 client: the identity is created (tagged as the hub's), then read back.
            new Step(HUBS_ADMIN, "http/set-hub-sender.json", 200, Map.of()),
            new Step(HUBS_ADMIN, "http/get-hub-sender.json", 200, Map.of()),
            new Step(CUSTOMERS_API, "http/create-customer.json", 201, Map.of("customerId", "/id", "ifMatch", "header:ETag")),
            new Step(CUSTOMERS_API, "http/create-customer-base64.json", 201, Map.of("otherCustomerId", "/id")),
            new Step(CUSTOMERS_API, "http/create-customer-malformed.json", 400, Map.of()),
            new Step(CUSTOMERS_API, "http/get-customer.json", 200, Map.of()),
            new Step(CUSTOMERS_API, "http/patch-customer.json", 200, Map.of()),
            new Step(CUSTOMERS_API, "http/record-order.json", 201, Map.of()),
            new Step(CUSTOMERS_API, "http/list-customers-by-tag.json", 200, Map.of()),
            new Step(CUSTOMERS_API, "http/bulk-customers.json", 200, Map.of()),
            // Lucene's analysis classes are all the jar carries of it: the create indexes the body, the search reads the index.
            new Step(NOTES_API, "http/create-note.json", 201, Map.of("noteId", "/id")),
            new Step(NOTES_API, "http/search-notes.json", 200, Map.of()),
            new Step(NOTES_API, "http/list-due-notes.json", 200, Map.of()),
            new Step(NOTES_API, "http/patch-note.json", 200, Map.of()),
            new Step(NOTES_API, "http/get-note-history.json", 200, Map.of()),
            // The receipt rule's event for a French multipart mail the S3 action stored: mime4j and jsoup in the jar, S3 (moto).
            new Step(INBOUND_MAIL, "ses/inbound-mail.json", 0, Map.of(), null, "mail/french-multipart-attachment.eml"),
            new Step(SEGMENTS_API, "http/create-segment.json", 201, Map.of("segmentId", "/id")),
            new Step(SEGMENTS_API, "http/list-segments.json", 200, Map.of()),
            // The channel is filled with the segment's members' notes by backfill steps on the stream; the feed reads its
            // entries (copies of the notes with their customers' names). The function's segment is still building here (its members come
            // from the stream, which only the local server consumes), so its feed may be empty: the shapes compare.
            new Step(NOTES_API, "http/create-channel.json", 201, Map.of("channelId", "/id")),
            new Step(SEGMENT_EVALUATOR, "dynamodb/channel-created.json", 0, Map.of()),
            // A join step (ADR 30) of the customer created above: its run matches no step item here, so it copies and records nothing more.
            new Step(SEGMENT_EVALUATOR, "dynamodb/channel-join-started.json", 0, Map.of()),
            // A rename step (ADR 30, amended) of the same customer: its run matches no step item, so it records nothing.
            new Step(SEGMENT_EVALUATOR, "dynamodb/channel-rename-started.json", 0, Map.of()),
            new Step(NOTES_API, "http/get-channel-feed.json", 200, Map.of()),
            // A post is indexed for search; its edit moves its mentions and search keys and keeps its history.
            new Step(NOTES_API, "http/create-channel-post.json", 201, Map.of("postId", "/id")),
            new Step(NOTES_API, "http/patch-channel-post.json", 200, Map.of()),
            new Step(NOTES_API, "http/get-channel-post-history.json", 200, Map.of()),
            new Step(CAMPAIGNS_API, "http/create-campaign.json", 201, Map.of("campaignId", "/id")),
            // SES (moto) takes one test mail from the MailFrom identity, in the stack's configuration set.
            new Step(CAMPAIGNS_API, "http/test-campaign.json", 202, Map.of()),
            new Step(CAMPAIGNS_API, "http/send-campaign.json", 202, Map.of()),
            // The start's outbox item as the table's stream delivers it: PutEvents to the stack's bus (moto); a refused
            // entry would be a batch item failure, which fails the step (ADR 32).
            new Step(EVENT_PUBLISHER, "dynamodb/outbox-campaign-started.json", 0, Map.of()),
            // The first snapshot step (queues the next tasks on the campaign queue) and one delivery.
            new Step(CAMPAIGN_SENDER, "sqs/campaign-tasks.json", 0, Map.of()),
            // Reads every shard of the due index's last day (nothing is due: the campaign above was sent at once).
            new Step(CAMPAIGN_SWEEP, "scheduled/campaign-sweep.json", 0, Map.of()),
            // SES's EventBridge event as the rule delivers it (the runtime's ScheduledEvent); of a mail no campaign sent here.
            new Step(SES_EVENTS, "eventbridge/ses-delivery.json", 0, Map.of()),
            new Step(IMPORTS_API, "http/create-import.json", 202, Map.of("importId", "/id")),
            new Step(IMPORTS_API, "http/get-import.json", 200, Map.of()),
            new Step(IMPORT_WORKER, "sqs/import-chunk.json", 0, Map.of()),
            new Step(IMPORTS_API, "http/export-customers-async.json", 202, Map.of("exportId", "/id")),
            new Step(EXPORT_WORKER, "sqs/export-job.json", 0, Map.of()),
            // Done by now: the answer carries a download URL (a presigned S3 GET here, the local store's there).
            new Step(IMPORTS_API, "http/get-export.json", 200, Map.of()),
            new Step(SEGMENT_EVALUATOR, "dynamodb/customer-tagged.json", 0, Map.of()),
            new Step(SEGMENT_REFRESH, "scheduled/segment-refresh.json", 0, Map.of()),
            new Step(WALLET_API, "http/get-wallet.json", 200, Map.of()),
            // An empty wallet: refused with a Checkout top-up link (Stripe's API: stripe-mock).
            new Step(WALLET_API, "http/charge-wallet.json", 402, Map.of()),
            new Step(WALLET_API, "http/create-portal-link.json", 201, Map.of(), "/url"),
            new Step(WALLET_API, "http/revoke-portal-links.json", 204, Map.of()),
            new Step(STRIPE_WEBHOOK, "http/stripe-checkout-completed.json", 200, Map.of()),
            new Step(LOW_BALANCE_REMINDERS, "scheduled/low-balance-reminders.json", 0, Map.of()));

    private Scenario() {
    }
}
