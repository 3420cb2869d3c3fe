package dev.hubcrm.store;

import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ContentionException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntPredicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Running DynamoDB transactions and reading why one was cancelled. */
public final class Transactions {
    /** Actions DynamoDB takes in one TransactWriteItems. */
    public static final int MAX_ACTIONS = 100;
    /** Transactions cancelled by a concurrent transaction (not by a condition) are tried this often. */
    private static final int ATTEMPTS = 4;

    private Transactions() {
    }

    /**
     * Runs the transaction, retrying when a concurrent transaction on the same items cancelled it
     * (DynamoDB does not retry those itself); a {@link ContentionException} when that outlasts the retries.
     *
     * @return -1 when it was written, else the index of the first write whose condition failed
     */
    public static int write(DynamoDbClient dynamo, List<TransactWriteItem> writes) {
        return write(dynamo, writes, attempt -> attempt + 1 >= ATTEMPTS);
    }

    /**
     * {@link #write(DynamoDbClient, List)} that keeps retrying cancellations by concurrent
     * transactions for {@code budget} rather than a few times: for items many writers contend for.
     */
    public static int write(DynamoDbClient dynamo, List<TransactWriteItem> writes, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        return write(dynamo, writes, attempt -> System.nanoTime() > deadline);
    }

    private static int write(DynamoDbClient dynamo, List<TransactWriteItem> writes, IntPredicate giveUpAfter) {
        List<CancellationReason> reasons = cancelledBy(dynamo, writes, giveUpAfter);
        for (int i = 0; reasons != null && i < writes.size(); i++) {
            if (conditionFailedAt(reasons, i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #write(DynamoDbClient, List, Duration)} for callers that need to know every condition
     * that failed, and the items DynamoDB hands back for writes asking for
     * {@code ReturnValuesOnConditionCheckFailure}.
     *
     * @return null when it was written, else the cancellation reasons, one per write in order
     */
    public static List<CancellationReason> writeOrReasons(DynamoDbClient dynamo, List<TransactWriteItem> writes, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        return cancelledBy(dynamo, writes, attempt -> System.nanoTime() > deadline);
    }

    private static List<CancellationReason> cancelledBy(DynamoDbClient dynamo, List<TransactWriteItem> writes, IntPredicate giveUpAfter) {
        for (int attempt = 0; ; attempt++) {
            try {
                Backoff.pause(attempt);
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return null;
            } catch (TransactionCanceledException e) {
                for (int i = 0; i < writes.size(); i++) {
                    if (conditionFailedAt(e, i)) {
                        return e.cancellationReasons();
                    }
                }
                if (giveUpAfter.test(attempt)) {
                    throw new ContentionException("concurrent writes to the same records kept cancelling this one; retry in a moment", e);
                }
            }
        }
    }

    /** Whether the action at {@code index} of the cancelled transaction failed its condition. */
    public static boolean conditionFailedAt(TransactionCanceledException e, int index) {
        return conditionFailedAt(e.cancellationReasons(), index);
    }

    /** Whether the action at {@code index} failed its condition, by the reasons of a cancelled transaction. */
    public static boolean conditionFailedAt(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
