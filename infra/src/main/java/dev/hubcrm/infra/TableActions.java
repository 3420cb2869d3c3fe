package dev.hubcrm.infra;

import dev.hubcrm.routes.LambdaFunction;
import java.util.List;

/**
 * The DynamoDB actions each function's code makes on the table and its indexes, and no others (no
 * Scan for anyone). Read from the repositories each function reaches (shared/.../Dynamo*Repository,
 * IdempotencyStore): a transaction needs the action of each item it writes (Put, Update, Delete,
 * ConditionCheck), a paginator is Query. The lambda-runtime stage runs on DynamoDB Local, which does
 * not enforce IAM: a repository call a function starts making must be added here.
 */
final class TableActions {
    private static final String GET = "dynamodb:GetItem";
    private static final String BATCH_GET = "dynamodb:BatchGetItem";
    private static final String QUERY = "dynamodb:Query";
    private static final String PUT = "dynamodb:PutItem";
    private static final String UPDATE = "dynamodb:UpdateItem";
    private static final String DELETE = "dynamodb:DeleteItem";
    private static final String CONDITION_CHECK = "dynamodb:ConditionCheckItem";
    private static final String BATCH_WRITE = "dynamodb:BatchWriteItem";

    private TableActions() {
    }

    static List<String> of(LambdaFunction function) {
        return switch (function) {
            // hubs and keys (a transaction puts a key and updates the hub's count), Idempotency-Key records
            case HUBS_ADMIN -> List.of(GET, QUERY, PUT, UPDATE, DELETE);
            // customers (email claims checked in transactions, a deleted customer's history batch-deleted), their
            // lists (index Query, then BatchGetItem), segments for ?segment=, messages, the timeline, Idempotency-Key
            case CUSTOMERS_API, SEGMENTS_API -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE, CONDITION_CHECK, BATCH_WRITE);
            // import and export jobs, the customer CSV (list: Query, BatchGetItem), a dry run's email matches
            // (BatchGetItem), Idempotency-Key
            case IMPORTS_API -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE);
            // creates and updates customers by email (transactions that delete a changed email's claim), counts chunks
            case IMPORT_WORKER -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE);
            // reads customers page by page, moves its job's progress
            case EXPORT_WORKER -> List.of(GET, BATCH_GET, QUERY, UPDATE);
            // reads customers and segments, writes membership items (batches, and transactions with a check on the segment)
            case SEGMENT_EVALUATOR, SEGMENT_REFRESH -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE, CONDITION_CHECK, BATCH_WRITE);
            // balances and the ledger (transactions of puts and updates), top-ups, portal versions, Idempotency-Key
            case WALLET_API -> List.of(GET, QUERY, PUT, UPDATE, DELETE);
            // credits and debits top-ups, and a lead who paid becomes a customer (a customer rewrite)
            case STRIPE_WEBHOOK -> List.of(GET, QUERY, PUT, UPDATE, DELETE);
            // notes and their revisions (transactions of puts, updates and deletes), the word index (BatchWriteItem),
            // search hits' customers and kept-apart words (BatchGetItem), the customer a note belongs to, Idempotency-Key
            case NOTES_API -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE, BATCH_WRITE);
            // campaigns (deleted as drafts), their segment's members (Query, BatchGetItem), quota counters, Idempotency-Key;
            // an unsubscribe rewrites the customer and its index items (a transaction) and records it with the recipient;
            // a start and an unsubscribe put their outbox items (ADR 32)
            case CAMPAIGNS_API -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE, DELETE);
            // snapshots members into recipients (transactions of puts and updates), claims and records each send,
            // the message history, reads the customer before sending; the first step's campaign.started and the last
            // recipient's campaign.sent outbox items (puts)
            case CAMPAIGN_SENDER -> List.of(GET, BATCH_GET, QUERY, PUT, UPDATE);
            // scheduled campaigns by the due index, each read and started with a conditional update (its campaign.started
            // waits for the first snapshot step, in the sender)
            case CAMPAIGN_SWEEP -> List.of(GET, QUERY, UPDATE);
            // the SES message id's lookup item (GetItem), then one transaction: the event once, the message, the counter
            // (updates) and its timeline item (a put); a suppression's transaction updates the lookup item and the customer
            // (and puts a bounce's outbox item);
            // the customer's engagement and the hub's rules' tags (a customer rewrite: puts and deletes of its tag index items)
            case SES_EVENTS -> List.of(GET, PUT, UPDATE, DELETE);
            // the hub and the sender's customer by email (BatchGetItem), the note or inbox mail with its Message-ID claim
            // (a transaction of puts), the note's word index and channel feed entries (BatchWriteItem), the hub's channels (Query);
            // a redelivered mail whose sender became a customer leaves the inbox (the Message-ID's claim read, a transaction's delete)
            case INBOUND_MAIL -> List.of(GET, BATCH_GET, QUERY, PUT, DELETE, BATCH_WRITE);
            // hubs and low wallets by index, reminder claims (taken, released), top-ups, messages
            case LOW_BALANCE_REMINDERS -> List.of(GET, QUERY, PUT, UPDATE, DELETE);
            // reads the table's stream only (the outbox items' images), no table action (ADR 32)
            case EVENT_PUBLISHER -> List.of();
        };
    }
}
