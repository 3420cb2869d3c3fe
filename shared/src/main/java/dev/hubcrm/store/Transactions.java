package dev.hubcrm.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reading why DynamoDB cancelled a transaction. */
public final class Transactions {
    private Transactions() {
    }

    /** Whether the action at {@code index} of the cancelled transaction failed its condition. */
    public static boolean conditionFailedAt(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
