package dev.hubcrm.wallet;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The wallet in the shared table. The balance is the {@code balance} attribute of the customer item
 * ({@code CUST#<id>}), so that one GetItem reads it and the table stream carries it to segments.
 * Other items, all in the hub's partition:
 * <ul>
 *   <li>{@code WTX#<customerId>#<ulid>}: a ledger entry (time-ordered, never changed);</li>
 *   <li>{@code WCHG#<customerId>#<orderRef>}: the charge that claimed a shop's order (charged once);</li>
 *   <li>{@code WRFD#<customerId>#<chargeId>}: how much of a charge was refunded so far;</li>
 *   <li>{@code TOPUP#<customerId>#<topUpId>}: a top-up, its checkout session, the payment that
 *       completed it and how much of that payment Stripe refunded;</li>
 *   <li>{@code PORTAL#<customerId>}: the customer's portal version, once a revocation moved it
 *       (apart from the customer item, which customer updates replace whole).</li>
 * </ul>
 * Every move is one transaction: the customer item ({@code balance} plus the delta, {@code version}
 * plus one, so a concurrent customer update conditioned on the old version retries instead of
 * writing a stale balance back), the ledger entry and the claim that makes it happen once. A debit
 * is conditioned on {@code balance >= floor + amount}: DynamoDB checks it against the current
 * balance inside the transaction, so concurrent debits can never cross the floor.
 */
public final class DynamoWalletRepository implements WalletRepository {
    static final String CUSTOMER_PREFIX = "CUST#";
    static final String ENTRY_PREFIX = "WTX#";
    private static final String CHARGE_CLAIM_PREFIX = "WCHG#";
    private static final String REFUNDED_PREFIX = "WRFD#";
    private static final String TOP_UP_PREFIX = "TOPUP#";
    private static final String PORTAL_PREFIX = "PORTAL#";
    /**
     * Transactions on one busy wallet cancel each other (TransactionConflict); a move keeps trying
     * for this long, well inside API Gateway's 29 s.
     */
    private static final Duration CONFLICT_RETRY_BUDGET = Duration.ofSeconds(15);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoWalletRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Long> balance(String hubId, String customerId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), CUSTOMER_PREFIX + customerId)).consistentRead(true)
                .projectionExpression("#balance").expressionAttributeNames(Map.of("#balance", "balance"))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.number(item, "balance"));
    }

    @Override
    public long portalVersion(String hubId, String customerId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), PORTAL_PREFIX + customerId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? 0 : Items.number(item, "version");
    }

    @Override
    public void revokePortalLinks(String hubId, String customerId) {
        dynamo.updateItem(r -> r.tableName(table).key(key(hubPartition(hubId), PORTAL_PREFIX + customerId))
                .updateExpression("SET kind = :kind ADD version :one")
                .expressionAttributeValues(Map.of(":kind", s("wallet-portal"), ":one", n(1))));
    }

    @Override
    public Write append(String hubId, LedgerEntry entry, Long minBalanceBefore) {
        return outcome(write(List.of(moveBalance(hubId, entry, minBalanceBefore, null), putEntry(hubId, entry))));
    }

    @Override
    public ChargeOutcome charge(String hubId, LedgerEntry charge, long minBalanceBefore) {
        Map<String, AttributeValue> claim = new HashMap<>(key(hubPartition(hubId),
                CHARGE_CLAIM_PREFIX + charge.customerId() + "#" + charge.orderRef()));
        claim.put("kind", s("wallet-charge-claim"));
        claim.put("entryId", s(charge.id()));
        // The claim comes first and both conditional writes hand back the item that failed them:
        // the claim names the first charge, the customer item the balance the floor was checked against.
        TransactWriteItem move = moveBalance(hubId, charge, minBalanceBefore, null);
        List<CancellationReason> reasons = Transactions.writeOrReasons(dynamo, List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(claim).conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                move.toBuilder().update(move.update().toBuilder()
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(),
                putEntry(hubId, charge)), CONFLICT_RETRY_BUDGET);
        if (reasons == null) {
            return new ChargeOutcome.Charged();
        }
        if (Transactions.conditionFailedAt(reasons, 0)) {
            Map<String, AttributeValue> taken = reasons.get(0).item();
            Optional<LedgerEntry> first = taken == null || taken.isEmpty()
                    ? chargeFor(hubId, charge.customerId(), charge.orderRef())
                    : entry(hubId, charge.customerId(), Items.string(taken, "entryId"));
            return new ChargeOutcome.AlreadyCharged(first.orElseThrow(() -> new IllegalStateException(
                    "the claim of a charge names no ledger entry")));
        }
        if (Transactions.conditionFailedAt(reasons, 1)) {
            Map<String, AttributeValue> customer = reasons.get(1).item();
            Optional<Long> balance = customer == null || customer.isEmpty() ? balance(hubId, charge.customerId())
                    : Optional.of(Items.number(customer, "balance"));
            return balance.<ChargeOutcome>map(ChargeOutcome.Refused::new).orElseGet(ChargeOutcome.NoCustomer::new);
        }
        throw new IllegalStateException("a new ledger entry's id was taken");
    }

    @Override
    public Optional<LedgerEntry> chargeFor(String hubId, String customerId, String orderRef) {
        Map<String, AttributeValue> claim = get(hubId, CHARGE_CLAIM_PREFIX + customerId + "#" + orderRef);
        return claim == null ? Optional.empty() : entry(hubId, customerId, Items.string(claim, "entryId"));
    }

    @Override
    public Write refund(String hubId, LedgerEntry refund, LedgerEntry charge) {
        // Refunded so far plus this refund may not exceed the charge: refunded <= charge - refund.
        TransactWriteItem refunded = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(hubPartition(hubId), REFUNDED_PREFIX + charge.customerId() + "#" + charge.id()))
                .updateExpression("SET kind = :kind ADD refunded :amount")
                .conditionExpression("attribute_not_exists(refunded) OR refunded <= :most")
                .expressionAttributeValues(Map.of(":kind", s("wallet-refunded"), ":amount", n(refund.amount()),
                        ":most", n(-charge.amount() - refund.amount())))).build();
        return outcome(write(List.of(moveBalance(hubId, refund, null, null), refunded, putEntry(hubId, refund))));
    }

    @Override
    public long refunded(String hubId, String customerId, String chargeId) {
        Map<String, AttributeValue> item = get(hubId, REFUNDED_PREFIX + customerId + "#" + chargeId);
        return item == null ? 0 : Items.number(item, "refunded");
    }

    @Override
    public Optional<LedgerEntry> entry(String hubId, String customerId, String entryId) {
        if (entryId == null || !entryId.startsWith(LedgerEntry.ID_PREFIX + "_")) {
            return Optional.empty();
        }
        return Optional.ofNullable(get(hubId, entrySortKey(customerId, entryId))).map(DynamoWalletRepository::entryFrom);
    }

    @Override
    public Page<LedgerEntry> entries(String hubId, String customerId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, ENTRY_PREFIX + customerId + "#", page, DynamoWalletRepository::entryFrom);
    }

    @Override
    public void saveTopUp(String hubId, TopUp topUp) {
        dynamo.putItem(r -> r.tableName(table).item(topUpItem(hubId, topUp)));
    }

    @Override
    public Optional<TopUp> topUp(String hubId, String customerId, String topUpId) {
        return Optional.ofNullable(get(hubId, TOP_UP_PREFIX + customerId + "#" + topUpId)).map(DynamoWalletRepository::topUpFrom);
    }

    @Override
    public Write completeTopUp(String hubId, TopUp topUp, LedgerEntry entry, String paymentIntentId) {
        return outcome(write(List.of(
                moveBalance(hubId, entry, null, entry.createdAt()),
                settleTopUp(hubId, topUp, TopUp.Status.COMPLETED, entry.createdAt(), paymentIntentId),
                putEntry(hubId, entry))));
    }

    @Override
    public Write refundTopUp(String hubId, TopUp topUp, LedgerEntry refund) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":completed", s(TopUp.Status.COMPLETED.wire()),
                ":before", n(topUp.refunded()), ":after", n(topUp.refunded() - refund.amount())));
        // Compare-and-set on the refunded total: two events of one refund cannot both debit it.
        String refundedBefore = topUp.refunded() == 0 ? "(attribute_not_exists(refunded) OR refunded = :before)" : "refunded = :before";
        TransactWriteItem refunded = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(hubPartition(hubId), TOP_UP_PREFIX + topUp.customerId() + "#" + topUp.id()))
                .updateExpression("SET refunded = :after")
                .conditionExpression("#status = :completed AND " + refundedBefore)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
        return outcome(write(List.of(moveBalance(hubId, refund, null, null), refunded, putEntry(hubId, refund))));
    }

    @Override
    public boolean failTopUp(String hubId, TopUp topUp, Instant at) {
        return Transactions.write(dynamo, List.of(settleTopUp(hubId, topUp, TopUp.Status.FAILED, at, null))) == -1;
    }

    private TransactWriteItem settleTopUp(String hubId, TopUp topUp, TopUp.Status status, Instant at, String paymentIntentId) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.wire()), ":at", s(at.toString()),
                ":pending", s(TopUp.Status.PENDING.wire())));
        String update = "SET #status = :status, completedAt = :at";
        if (paymentIntentId != null) {
            update += ", paymentIntentId = :paymentIntent";
            values.put(":paymentIntent", s(paymentIntentId));
        }
        String finalUpdate = update;
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(hubPartition(hubId), TOP_UP_PREFIX + topUp.customerId() + "#" + topUp.id()))
                .updateExpression(finalUpdate)
                .conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
    }

    /** The customer item's part of a move: balance and version, conditioned on the customer (and the floor). */
    private TransactWriteItem moveBalance(String hubId, LedgerEntry entry, Long minBalanceBefore, Instant toppedUpAt) {
        Map<String, String> names = Map.of("#balance", "balance", "#version", "version");
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":delta", n(entry.amount()));
        values.put(":one", n(1));
        String update = "SET #balance = #balance + :delta, #version = #version + :one";
        if (toppedUpAt != null) {
            update += ", lastTopUpAt = :at";
            values.put(":at", s(toppedUpAt.toString()));
        }
        String condition = "attribute_exists(PK)";
        if (minBalanceBefore != null) {
            condition += " AND #balance >= :min";
            values.put(":min", n(minBalanceBefore));
        }
        String finalUpdate = update;
        String finalCondition = condition;
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(hubPartition(hubId), CUSTOMER_PREFIX + entry.customerId()))
                .updateExpression(finalUpdate).conditionExpression(finalCondition)
                .expressionAttributeNames(names).expressionAttributeValues(values)).build();
    }

    private TransactWriteItem putEntry(String hubId, LedgerEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), entrySortKey(entry.customerId(), entry.id())));
        item.put("kind", s("wallet-entry"));
        item.put("id", s(entry.id()));
        item.put("customerId", s(entry.customerId()));
        item.put("type", s(entry.type().wire()));
        item.put("amount", n(entry.amount()));
        Items.putIfPresent(item, "reason", entry.reason());
        item.put("actor", s(entry.actor()));
        Items.putIfPresent(item, "orderRef", entry.orderRef());
        Items.putIfPresent(item, "chargeId", entry.chargeId());
        Items.putIfPresent(item, "topUpId", entry.topUpId());
        item.put("createdAt", s(entry.createdAt().toString()));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")).build();
    }

    /** Runs the transaction: the index of the first failed condition, -1 when written. */
    private int write(List<TransactWriteItem> writes) {
        return Transactions.write(dynamo, writes, CONFLICT_RETRY_BUDGET);
    }

    private static Write outcome(int failedAt) {
        return switch (failedAt) {
            case -1 -> Write.WRITTEN;
            case 0 -> Write.REFUSED;
            default -> Write.ALREADY_DONE;
        };
    }

    private Map<String, AttributeValue> get(String hubId, String sortKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), sortKey)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static String entrySortKey(String customerId, String entryId) {
        return ENTRY_PREFIX + customerId + "#" + entryId.substring(LedgerEntry.ID_PREFIX.length() + 1);
    }

    private static LedgerEntry entryFrom(Map<String, AttributeValue> item) {
        return new LedgerEntry(Items.string(item, "id"), Items.string(item, "customerId"),
                EntryType.fromWire(Items.string(item, "type")), Items.number(item, "amount"), Items.string(item, "reason"),
                Items.string(item, "actor"), Items.string(item, "orderRef"), Items.string(item, "chargeId"),
                Items.string(item, "topUpId"), Items.instant(item, "createdAt"));
    }

    private static Map<String, AttributeValue> topUpItem(String hubId, TopUp topUp) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), TOP_UP_PREFIX + topUp.customerId() + "#" + topUp.id()));
        item.put("kind", s("wallet-top-up"));
        item.put("id", s(topUp.id()));
        item.put("customerId", s(topUp.customerId()));
        item.put("amount", n(topUp.amount()));
        item.put("currency", s(topUp.currency()));
        item.put("status", s(topUp.status().wire()));
        Items.putIfPresent(item, "sessionId", topUp.sessionId());
        Items.putIfPresent(item, "checkoutUrl", topUp.checkoutUrl());
        Items.putIfPresent(item, "stripeAccount", topUp.stripeAccount());
        Items.putIfPresent(item, "paymentIntentId", topUp.paymentIntentId());
        item.put("refunded", n(topUp.refunded()));
        item.put("createdAt", s(topUp.createdAt().toString()));
        Items.putIfPresent(item, "completedAt", topUp.completedAt());
        return item;
    }

    private static TopUp topUpFrom(Map<String, AttributeValue> item) {
        return new TopUp(Items.string(item, "id"), Items.string(item, "customerId"), Items.number(item, "amount"),
                Items.string(item, "currency"), TopUp.Status.valueOf(Items.string(item, "status").toUpperCase(java.util.Locale.ROOT)),
                Items.string(item, "sessionId"), Items.string(item, "checkoutUrl"), Items.string(item, "stripeAccount"),
                Items.string(item, "paymentIntentId"), item.containsKey("refunded") ? Items.number(item, "refunded") : 0,
                Items.instant(item, "createdAt"), Items.instant(item, "completedAt"));
    }
}
