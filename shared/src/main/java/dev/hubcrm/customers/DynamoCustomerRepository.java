package dev.hubcrm.customers;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.SORT_KEY;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Cursors;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.KeyOrder;
import dev.hubcrm.store.NewestFirst;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.Transactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Customers in the shared table. Item layout, all in the hub's partition:
 * <ul>
 *   <li>{@code CUST#<id>}: the customer;</li>
 *   <li>{@code EMAIL#<lower-case email>}: claims the email for one customer (uniqueness);</li>
 *   <li>{@code IX#...}: list index entries (see {@link CustomerIndex});</li>
 *   <li>{@code ORDER#<id>#<placed, epoch ms>#<orderRef>}: orders by time (VIP windows), and
 *       {@code ORDREF#<id>#<orderRef>}: the same order by its reference (counted once);</li>
 *   <li>{@code STATUS#<id>#<at, epoch ms>#<ulid>}: status changes with their cause (timeline);</li>
 *   <li>{@code REL#<id>#<kind>#<direction>#<otherId>}: a relation, stored on both customers (a
 *       symmetric kind without the direction);</li>
 * </ul>
 * A customer, its email, index entries, a new order and a status change are written in one
 * transaction conditioned on the customer's version.
 */
public final class DynamoCustomerRepository implements CustomerRepository {
    /** The customer item's attribute holding its {@link Suppression}, absent when there is none. */
    public static final String SUPPRESSED = "suppressed";

    private static final String CUSTOMER_PREFIX = "CUST#";
    private static final String EMAIL_PREFIX = "EMAIL#";
    private static final String ORDER_PREFIX = "ORDER#";
    private static final String ORDER_REF_PREFIX = "ORDREF#";
    private static final String STATUS_PREFIX = "STATUS#";
    private static final String RELATION_PREFIX = "REL#";
    /** Cursors of {@code balanceBelow} lists: the balance and sort key of the last index entry. */
    private static final String BALANCE_CURSOR_PREFIX = "BAL#";
    /** History item prefixes of a customer, removed after the customer itself is deleted. */
    private static final List<String> HISTORY_PREFIXES = List.of(ORDER_PREFIX, ORDER_REF_PREFIX, STATUS_PREFIX, RELATION_PREFIX);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCustomerRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(String hubId, Customer customer, Optional<StatusChange> statusSet) {
        List<TransactWriteItem> writes = creationOf(hubId, customer);
        statusSet.ifPresent(change -> writes.add(put(statusItem(hubId, customer.id(), change), null, Map.of())));
        if (Transactions.write(dynamo, writes) >= 0) {
            throw duplicateEmail();
        }
    }

    @Override
    public CreateWrite createIfAbsent(String hubId, Customer customer) {
        return switch (Transactions.write(dynamo, creationOf(hubId, customer))) {
            case -1 -> CreateWrite.CREATED;
            case 0 -> CreateWrite.ID_EXISTS;
            default -> CreateWrite.EMAIL_TAKEN;
        };
    }

    /**
     * Groups as many customers as fit in one transaction (100 actions; an import chunk's customers
     * stay far below its 4 MB): on DynamoDB, and even more on DynamoDB Local, one transaction of
     * 100 items costs much less than ten of 10 (measured on DynamoDB Local: 2,000 items took 1.3 s
     * in transactions of 100, 2.7 s in transactions of 10, 0.9 s in batch writes).
     */
    @Override
    public Set<String> createAllIfAbsent(String hubId, List<Customer> customers) {
        Set<String> created = new HashSet<>();
        List<String> ids = new ArrayList<>();
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Customer customer : customers) {
            List<TransactWriteItem> creation = creationOf(hubId, customer);
            if (writes.size() + creation.size() > Transactions.MAX_ACTIONS) {
                createGroup(writes, ids, created);
            }
            ids.add(customer.id());
            writes.addAll(creation);
        }
        createGroup(writes, ids, created);
        return created;
    }

    /** Writes one group (all of it or nothing) and starts the next. */
    private void createGroup(List<TransactWriteItem> writes, List<String> ids, Set<String> created) {
        if (!writes.isEmpty() && Transactions.write(dynamo, List.copyOf(writes)) < 0) {
            created.addAll(ids);
        }
        writes.clear();
        ids.clear();
    }

    /** A new customer's writes: the item unless its id is taken, its email claim, its index entries. */
    private List<TransactWriteItem> creationOf(String hubId, Customer customer) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(toItem(hubId, customer), "attribute_not_exists(PK)", Map.of()));
        if (customer.email() != null) {
            writes.add(claimEmail(hubId, customer));
        }
        CustomerIndex.entries(customer).forEach(entry -> writes.add(put(indexItem(hubId, entry), null, Map.of())));
        return writes;
    }

    @Override
    public Map<String, Customer> findByEmails(String hubId, Collection<String> emailKeys) {
        List<String> keys = emailKeys.stream().filter(Objects::nonNull).distinct().toList();
        Map<String, String> owners = new HashMap<>();
        BatchGets.read(dynamo, table, keys.stream().map(k -> key(hubPartition(hubId), EMAIL_PREFIX + k)).toList())
                .forEach(item -> owners.put(Items.string(item, SORT_KEY).substring(EMAIL_PREFIX.length()), Items.string(item, "customerId")));
        Map<String, Customer> customers = batchGet(hubId, List.copyOf(owners.values()));
        Map<String, Customer> found = new HashMap<>();
        owners.forEach((emailKey, customerId) -> {
            Customer customer = customers.get(customerId);
            if (customer != null && emailKey.equals(customer.emailKey())) {
                found.put(emailKey, customer);
            }
        });
        return found;
    }

    @Override
    public Optional<Customer> find(String hubId, String customerId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), CUSTOMER_PREFIX + customerId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean replace(String hubId, Customer current, Customer next, Optional<StatusChange> statusChange) {
        List<TransactWriteItem> writes = changeOf(hubId, current, next, statusChange);
        return writeVersioned(writes);
    }

    @Override
    public OrderWrite recordOrder(String hubId, Customer current, Customer next, Order order,
            Optional<StatusChange> statusChange) {
        List<TransactWriteItem> writes = changeOf(hubId, current, next, statusChange);
        writes.add(1, put(orderItem(hubId, ORDER_REF_PREFIX + order.customerId() + "#" + order.orderRef(), order),
                "attribute_not_exists(PK)", Map.of()));
        writes.add(put(orderItem(hubId, orderSortKey(order), order), null, Map.of()));
        return switch (Transactions.write(dynamo, writes)) {
            case -1 -> OrderWrite.RECORDED;
            case 0 -> OrderWrite.VERSION_MOVED;
            case 1 -> OrderWrite.DUPLICATE_ORDER;
            default -> throw new IllegalStateException("an order write failed a condition it does not have");
        };
    }

    @Override
    public Optional<Order> findOrder(String hubId, String customerId, String orderRef) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), ORDER_REF_PREFIX + customerId + "#" + orderRef)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(orderFrom(item));
    }

    @Override
    public Page<Order> orders(String hubId, String customerId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, ORDER_PREFIX + customerId + "#", page, DynamoCustomerRepository::orderFrom);
    }

    @Override
    public Page<StatusChange> statusChanges(String hubId, String customerId, PageRequest page) {
        return NewestFirst.page(dynamo, table, hubId, STATUS_PREFIX + customerId + "#", page, DynamoCustomerRepository::statusChangeFrom);
    }

    @Override
    public OrderWindow orderWindow(String hubId, String customerId, Instant since) {
        long orders = 0;
        long spent = 0;
        String prefix = ORDER_PREFIX + customerId + "#";
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("PK = :pk AND SK BETWEEN :from AND :to")
                .projectionExpression("#total")
                .expressionAttributeNames(Map.of("#total", "total"))
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)),
                        ":from", s(prefix + Items.sortableMillis(since)), ":to", s(prefix + "~")))).items()) {
            orders++;
            spent += Items.number(item, "total");
        }
        return new OrderWindow(orders, spent);
    }

    /** The writes that turn {@code current} into {@code next}: the customer (first), its email, index and status log. */
    private List<TransactWriteItem> changeOf(String hubId, Customer current, Customer next, Optional<StatusChange> statusChange) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(toItem(hubId, next), "#version = :version", Map.of(":version", n(current.version()))));
        if (!Objects.equals(current.emailKey(), next.emailKey())) {
            if (next.email() != null) {
                writes.add(claimEmail(hubId, next));
            }
            if (current.email() != null) {
                writes.add(delete(hubId, EMAIL_PREFIX + current.emailKey()));
            }
        }
        Set<String> before = CustomerIndex.entries(current);
        Set<String> after = CustomerIndex.entries(next);
        after.stream().filter(e -> !before.contains(e)).forEach(e -> writes.add(put(indexItem(hubId, e), null, Map.of())));
        before.stream().filter(e -> !after.contains(e)).forEach(e -> writes.add(delete(hubId, e)));
        statusChange.ifPresent(change -> writes.add(put(statusItem(hubId, next.id(), change), null, Map.of())));
        return writes;
    }

    @Override
    public boolean delete(String hubId, Customer current) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(key(hubPartition(hubId), CUSTOMER_PREFIX + current.id()))
                .conditionExpression("#version = :version")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(Map.of(":version", n(current.version())))).build());
        if (current.email() != null) {
            writes.add(delete(hubId, EMAIL_PREFIX + current.emailKey()));
        }
        CustomerIndex.entries(current).forEach(e -> writes.add(delete(hubId, e)));
        if (!writeVersioned(writes)) {
            return false;
        }
        purgeHistory(hubId, current.id());
        return true;
    }

    @Override
    public RelationWrite relate(String hubId, Relation relation) {
        List<TransactWriteItem> writes = List.of(
                put(relationItem(hubId, relation), "attribute_not_exists(PK)", Map.of()),
                put(relationItem(hubId, relation.mirrored()), "attribute_not_exists(PK)", Map.of()),
                exists(hubId, relation.customerId()),
                exists(hubId, relation.otherId()));
        return switch (Transactions.write(dynamo, writes)) {
            case -1 -> RelationWrite.CREATED;
            case 0, 1 -> RelationWrite.EXISTS;
            default -> RelationWrite.CUSTOMER_MISSING;
        };
    }

    @Override
    public Page<Relation> relations(String hubId, String customerId, PageRequest page) {
        String prefix = RELATION_PREFIX + customerId + "#";
        return KeyOrder.page(dynamo, table, hubId, prefix, page, true, item -> relationFrom(customerId, item));
    }

    /** Every relation of the customer, both directions: what a delete takes away with it. */
    private List<Relation> allRelations(String hubId, String customerId) {
        return dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(RELATION_PREFIX + customerId + "#"))))
                .items().stream().map(item -> relationFrom(customerId, item)).toList();
    }

    private static Relation relationFrom(String customerId, Map<String, AttributeValue> item) {
        return new Relation(customerId, Relation.Kind.fromWire(Items.string(item, "relation")),
                Items.string(item, "otherId"), Relation.Direction.valueOf(Items.string(item, "direction")),
                Items.instant(item, "createdAt"));
    }

    private TransactWriteItem exists(String hubId, String customerId) {
        return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                .key(key(hubPartition(hubId), CUSTOMER_PREFIX + customerId))
                .conditionExpression("attribute_exists(PK)")).build();
    }

    private Map<String, AttributeValue> relationItem(String hubId, Relation relation) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), relationSortKey(relation)));
        item.put("kind", s("customer-relation"));
        item.put("customerId", s(relation.customerId()));
        item.put("relation", s(relation.kind().wire()));
        item.put("otherId", s(relation.otherId()));
        item.put("direction", s(relation.direction().name()));
        item.put("createdAt", s(relation.createdAt().toString()));
        return item;
    }

    /**
     * A symmetric kind ({@code linked}) has one key per pair and side whatever the direction, so that
     * "B linked A" finds "A linked B" and is refused instead of listing the pair twice.
     */
    private static String relationSortKey(Relation relation) {
        String direction = relation.kind().symmetric() ? "" : relation.direction().name() + "#";
        return RELATION_PREFIX + relation.customerId() + "#" + relation.kind().wire() + "#" + direction + relation.otherId();
    }

    /**
     * Deletes what hangs off a deleted customer: its orders, status log, relations and the other
     * side of each relation. Unbounded, so after the transaction, in batches.
     */
    private void purgeHistory(String hubId, String customerId) {
        List<Relation> relations = allRelations(hubId, customerId);
        for (String prefix : HISTORY_PREFIXES) {
            List<WriteRequest> deletes = new ArrayList<>(dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                            .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                            .projectionExpression("PK, SK")
                            .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(prefix + customerId + "#"))))
                    .items().stream()
                    .map(item -> WriteRequest.builder().deleteRequest(d -> d.key(item)).build())
                    .toList());
            if (prefix.equals(RELATION_PREFIX)) {
                relations.forEach(relation -> deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(
                        key(hubPartition(hubId), relationSortKey(relation.mirrored())))).build()));
            }
            BatchWrites.write(dynamo, table, deletes);
        }
    }

    @Override
    public Page<Customer> list(String hubId, CustomerFilter filter, PageRequest page) {
        if (filter.balanceBelow() != null) {
            return listByBalance(hubId, filter, page);
        }
        String prefix = CustomerIndex.prefixFor(filter);
        return prefix == null ? listNewestFirst(hubId, page) : listByIndex(hubId, filter, prefix, page);
    }

    private Page<Customer> listNewestFirst(String hubId, PageRequest page) {
        QueryResponse response = query(hubId, CUSTOMER_PREFIX, startAt(hubId, Cursors.decode(page.cursor(), CUSTOMER_PREFIX)),
                page.limit() + 1, false);
        List<Customer> customers = response.items().stream().limit(page.limit()).map(DynamoCustomerRepository::fromItem).toList();
        boolean more = response.items().size() > page.limit();
        return new Page<>(customers, more ? Cursors.encode(CUSTOMER_PREFIX + customers.getLast().id()) : null);
    }

    /** Reads index entries in order and keeps the customers that pass every filter. */
    private Page<Customer> listByIndex(String hubId, CustomerFilter filter, String prefix, PageRequest page) {
        return filteredPage(hubId, page, startAt(hubId, Cursors.decode(page.cursor(), prefix)),
                start -> query(hubId, prefix, start, Math.min(PageRequest.MAX_LIMIT, 2 * page.limit()), true),
                entry -> CustomerIndex.customerId(Items.string(entry, SORT_KEY)),
                (entry, customer) -> filter.matches(customer) && CustomerIndex.isFirstEntry(Items.string(entry, SORT_KEY), customer, prefix),
                entry -> Items.string(entry, SORT_KEY));
    }

    /**
     * Reads the wallet balance index (a GSI: only customers below the amount, lowest first), fetches
     * those customers consistently and keeps the ones that pass every filter with their current
     * balance. The index lags writes by a moment; the balance each customer shows is current.
     */
    private Page<Customer> listByBalance(String hubId, CustomerFilter filter, PageRequest page) {
        return filteredPage(hubId, page, balanceCursor(hubId, page.cursor()),
                start -> dynamo.query(QueryRequest.builder().tableName(table).indexName(TableDesign.BALANCE_INDEX)
                        .keyConditionExpression("PK = :pk AND #balance < :below")
                        .expressionAttributeNames(Map.of("#balance", TableDesign.BALANCE_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":below", n(filter.balanceBelow())))
                        .limit(Math.min(PageRequest.MAX_LIMIT, 2 * page.limit()))
                        .exclusiveStartKey(start).build()),
                entry -> Items.string(entry, SORT_KEY).substring(CUSTOMER_PREFIX.length()),
                (entry, customer) -> filter.matches(customer),
                entry -> BALANCE_CURSOR_PREFIX + Items.number(entry, TableDesign.BALANCE_ATTRIBUTE) + "#" + Items.string(entry, SORT_KEY));
    }

    /**
     * One page of the customers an index names, in index order: reads index pages from {@code start}
     * (null: the first), fetches the customers they name and keeps those {@code keeps} accepts, until
     * the page is full or the index ends; the cursor is the position of the last entry kept.
     */
    private Page<Customer> filteredPage(String hubId, PageRequest page, Map<String, AttributeValue> start,
            Function<Map<String, AttributeValue>, QueryResponse> indexPage, Function<Map<String, AttributeValue>, String> customerIdOf,
            BiPredicate<Map<String, AttributeValue>, Customer> keeps, Function<Map<String, AttributeValue>, String> positionOf) {
        List<Customer> found = new ArrayList<>();
        Map<String, AttributeValue> from = start;
        while (true) {
            QueryResponse response = indexPage.apply(from);
            List<Map<String, AttributeValue>> entries = response.items();
            Map<String, Customer> customers = batchGet(hubId, entries.stream().map(customerIdOf).toList());
            boolean last = !response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty();
            for (int i = 0; i < entries.size(); i++) {
                Map<String, AttributeValue> entry = entries.get(i);
                Customer customer = customers.get(customerIdOf.apply(entry));
                if (customer != null && keeps.test(entry, customer)) {
                    found.add(customer);
                }
                if (found.size() == page.limit()) {
                    boolean more = i < entries.size() - 1 || !last;
                    return new Page<>(found, more ? Cursors.encode(positionOf.apply(entry)) : null);
                }
            }
            if (last) {
                return new Page<>(found, null);
            }
            from = response.lastEvaluatedKey();
        }
    }

    /** The key of the item a page ended at, or null for the first page. */
    private static Map<String, AttributeValue> startAt(String hubId, String sortKey) {
        return sortKey == null ? null : key(hubPartition(hubId), sortKey);
    }

    /** The balance index key a {@code balanceBelow} page ended at. */
    private static Map<String, AttributeValue> balanceCursor(String hubId, String cursor) {
        String position = Cursors.decode(cursor, BALANCE_CURSOR_PREFIX);
        if (position == null) {
            return null;
        }
        String[] parts = position.substring(BALANCE_CURSOR_PREFIX.length()).split("#", 2);
        try {
            Map<String, AttributeValue> key = new HashMap<>(key(hubPartition(hubId), parts[1]));
            key.put(TableDesign.BALANCE_ATTRIBUTE, n(Long.parseLong(parts[0])));
            return key;
        } catch (RuntimeException notOurs) {
            throw ValidationException.of("cursor", "is not a cursor of this list");
        }
    }

    private QueryResponse query(String hubId, String prefix, Map<String, AttributeValue> exclusiveStart, int limit, boolean ascending) {
        QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(hubPartition(hubId)), ":prefix", s(prefix)))
                .scanIndexForward(ascending)
                .consistentRead(true)
                .limit(limit);
        return dynamo.query(request.exclusiveStartKey(exclusiveStart).build());
    }

    private Map<String, Customer> batchGet(String hubId, Collection<String> customerIds) {
        Map<String, Customer> found = new HashMap<>();
        BatchGets.read(dynamo, table, customerIds.stream().map(id -> key(hubPartition(hubId), CUSTOMER_PREFIX + id)).toList())
                .forEach(item -> {
                    Customer customer = fromItem(item);
                    found.put(customer.id(), customer);
                });
        return found;
    }

    @Override
    public Map<String, Customer> findAll(String hubId, Collection<String> customerIds) {
        return batchGet(hubId, customerIds);
    }

    /** Writes a change conditioned on the customer item (index 0); false when its version moved. */
    private boolean writeVersioned(List<TransactWriteItem> writes) {
        int failed = Transactions.write(dynamo, writes);
        if (failed > 0) {
            throw duplicateEmail();
        }
        return failed < 0;
    }

    private TransactWriteItem claimEmail(String hubId, Customer customer) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), EMAIL_PREFIX + customer.emailKey()));
        item.put("kind", s("customer-email"));
        item.put("customerId", s(customer.id()));
        return put(item, "attribute_not_exists(PK)", Map.of());
    }

    private static String orderSortKey(Order order) {
        return ORDER_PREFIX + order.customerId() + "#" + Items.sortableMillis(order.placedAt()) + "#" + order.orderRef();
    }

    private Map<String, AttributeValue> orderItem(String hubId, String sortKey, Order order) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), sortKey));
        item.put("kind", s(sortKey.startsWith(ORDER_REF_PREFIX) ? "order-ref" : "order"));
        item.put("customerId", s(order.customerId()));
        item.put("orderRef", s(order.orderRef()));
        item.put("total", n(order.total()));
        item.put("placedAt", s(order.placedAt().toString()));
        item.put("recordedAt", s(order.recordedAt().toString()));
        return item;
    }

    private static Order orderFrom(Map<String, AttributeValue> item) {
        return new Order(Items.string(item, "customerId"), Items.string(item, "orderRef"), Items.number(item, "total"),
                Items.instant(item, "placedAt"), Items.instant(item, "recordedAt"));
    }

    private static StatusChange statusChangeFrom(Map<String, AttributeValue> item) {
        String from = Items.string(item, "from");
        return new StatusChange(from == null ? null : CustomerStatus.fromWire(from), CustomerStatus.fromWire(Items.string(item, "to")),
                Items.string(item, "cause"), Items.instant(item, "at"));
    }

    private Map<String, AttributeValue> statusItem(String hubId, String customerId, StatusChange change) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId),
                STATUS_PREFIX + customerId + "#" + Items.sortableMillis(change.at()) + "#" + Ids.newId("st")));
        item.put("kind", s("status-change"));
        item.put("customerId", s(customerId));
        if (change.from() != null) {
            item.put("from", s(change.from().wire()));
        }
        item.put("to", s(change.to().wire()));
        item.put("cause", s(change.cause()));
        item.put("at", s(change.at().toString()));
        return item;
    }

    private Map<String, AttributeValue> indexItem(String hubId, String entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), entry));
        item.put("kind", s("customer-index"));
        return item;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(item);
            if (condition != null) {
                p.conditionExpression(condition);
                if (condition.contains("#version")) {
                    p.expressionAttributeNames(Map.of("#version", "version"));
                }
                if (!values.isEmpty()) {
                    p.expressionAttributeValues(values);
                }
            }
        }).build();
    }

    private TransactWriteItem delete(String hubId, String sortKey) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(hubPartition(hubId), sortKey))).build();
    }

    private static ConflictException duplicateEmail() {
        return new ConflictException("another customer of this hub has this email",
                new FieldError("email", "is already used by another customer"));
    }

    /** The key of the customer's item, for writers that change one attribute on their own (suppression). */
    public static Map<String, AttributeValue> customerKey(String hubId, String customerId) {
        return key(hubPartition(hubId), CUSTOMER_PREFIX + customerId);
    }

    /** The customer's item (without its email claim and index entries, which the transactions add). */
    public static Map<String, AttributeValue> toItem(String hubId, Customer c) {
        Map<String, AttributeValue> item = new HashMap<>(customerKey(hubId, c.id()));
        item.put("kind", s("customer"));
        item.put("id", s(c.id()));
        item.put("type", s(c.type().wire()));
        Items.putIfPresent(item, "email", c.email());
        Items.putIfPresent(item, "emailKey", c.emailKey());
        Items.putIfPresent(item, "phone", c.phone());
        Items.putIfPresent(item, "firstName", c.firstName());
        Items.putIfPresent(item, "lastName", c.lastName());
        Items.putIfPresent(item, "companyName", c.companyName());
        item.put("tags", Items.strings(c.tags()));
        item.put("fields", Items.scalars(c.fields()));
        item.put("marketingConsent", Items.bool(c.marketingConsent()));
        item.put("status", s(c.status().wire()));
        item.put("statusPinned", Items.bool(c.statusPinned()));
        item.put("orderCount", n(c.orderCount()));
        item.put("totalSpent", n(c.totalSpent()));
        Items.putIfPresent(item, "firstOrderAt", c.firstOrderAt());
        Items.putIfPresent(item, "lastOrderAt", c.lastOrderAt());
        // Written back as read: every write of the item is conditioned on its version, and wallet
        // writes move the version too, so a stale balance can never overwrite a newer one.
        item.put("balance", n(c.balance()));
        Items.putIfPresent(item, "lastTopUpAt", c.lastTopUpAt());
        if (!c.engagement().isEmpty()) {
            item.put("engagement", engagementItem(c.engagement()));
        }
        Items.putIfPresent(item, "createdAt", c.createdAt());
        Items.putIfPresent(item, "updatedAt", c.updatedAt());
        item.put("version", n(c.version()));
        if (c.suppressed() != null) {
            item.put(SUPPRESSED, suppressionValue(c.suppressed()));
        }
        return item;
    }

    /** A suppression as the customer item keeps it, for the writer that sets it on its own (the mail provider's events). */
    public static AttributeValue suppressionValue(Suppression suppression) {
        Map<String, AttributeValue> value = new HashMap<>();
        value.put("reason", s(suppression.reason().wire()));
        value.put("at", s(suppression.at().toString()));
        Items.putIfPresent(value, "campaignId", suppression.campaignId());
        return AttributeValue.fromM(value);
    }

    private static Suppression suppression(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(SUPPRESSED);
        if (value == null || !value.hasM()) {
            return null;
        }
        return new Suppression(Suppression.Reason.fromWire(Items.string(value.m(), "reason")), Items.instant(value.m(), "at"),
                Items.string(value.m(), "campaignId"));
    }

    /** A customer from its item, also as a stream record's image carries it (the segment evaluator). */
    public static Customer fromItem(Map<String, AttributeValue> item) {
        return new Customer(
                Items.string(item, "id"),
                CustomerType.fromWire(Items.string(item, "type")),
                Items.string(item, "email"),
                Items.string(item, "phone"),
                Items.string(item, "firstName"),
                Items.string(item, "lastName"),
                Items.string(item, "companyName"),
                Items.stringList(item, "tags"),
                Items.scalarMap(item, "fields"),
                Items.flag(item, "marketingConsent"),
                CustomerStatus.fromWire(Items.string(item, "status")),
                Items.flag(item, "statusPinned"),
                Items.number(item, "orderCount"),
                Items.number(item, "totalSpent"),
                Items.instant(item, "firstOrderAt"),
                Items.instant(item, "lastOrderAt"),
                Items.number(item, "balance"),
                Items.instant(item, "lastTopUpAt"),
                engagementFrom(item.get("engagement")),
                Items.instant(item, "createdAt"),
                Items.instant(item, "updatedAt"),
                Items.number(item, "version"),
                suppression(item));
    }

    /** Engagements as a map of event to the list of campaign ids (oldest first). */
    private static AttributeValue engagementItem(Engagements engagement) {
        Map<String, AttributeValue> events = new HashMap<>();
        engagement.campaignsByEvent().forEach((event, campaigns) -> events.put(event, Items.strings(campaigns)));
        return AttributeValue.fromM(events);
    }

    /** Customers written before engagement was recorded have none. */
    private static Engagements engagementFrom(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return Engagements.NONE;
        }
        Map<String, List<String>> events = new HashMap<>();
        value.m().keySet().forEach(event -> events.put(event, Items.stringList(value.m(), event)));
        return new Engagements(events);
    }
}
