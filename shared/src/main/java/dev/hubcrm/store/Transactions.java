package dev.hubcrm.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Running DynamoDB transactions and reading why one was cancelled. */
public final class Transactions {
    /** Transactions cancelled by a concurrent transaction (not by a condition) are tried this often. */
    private static final int ATTEMPTS = 4;

    private Transactions() {
    }

    /**
     * Runs the transaction, retrying when a concurrent transaction on the same items cancelled it
     * (DynamoDB does not retry those itself).
     *
     * @return -1 when it was written, else the index of the first write whose condition failed
     */
    public static int write(DynamoDbClient dynamo, List<TransactWriteItem> writes) {
        for (int attempt = 0; ; attempt++) {
            try {
                backOff(attempt);
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return -1;
            } catch (TransactionCanceledException e) {
                for (int i = 0; i < writes.size(); i++) {
                    if (conditionFailedAt(e, i)) {
                        return i;
                    }
                }
                if (attempt + 1 >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Whether the action at {@code index} of the cancelled transaction failed its condition. */
    public static boolean conditionFailedAt(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** Sleeps before retry {@code attempt} (none before the first): exponential with jitter. */
    public static void backOff(int attempt) {
        if (attempt > 0) {
            try {
                Thread.sleep((long) (10 * Math.pow(2, attempt) * (0.5 + Math.random())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while retrying a DynamoDB request", e);
            }
        }
    }
}
