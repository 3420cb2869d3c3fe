package dev.hubcrm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.JobStatus;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.http.Json;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.hubs.WalletSettings;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.imports.DynamoImportRepository;
import dev.hubcrm.imports.ImportFormat;
import dev.hubcrm.imports.ImportJob;
import dev.hubcrm.imports.ImportJson;
import dev.hubcrm.imports.ImportService;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.segments.DynamoSegmentRepository;
import dev.hubcrm.segments.SegmentJoins;
import dev.hubcrm.segments.SegmentMembership;
import dev.hubcrm.segments.SegmentService;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.wallet.DynamoWalletRepository;
import dev.hubcrm.wallet.LocalCheckoutGateway;
import dev.hubcrm.wallet.PortalLinks;
import dev.hubcrm.wallet.StripePayment;
import dev.hubcrm.wallet.TopUp;
import dev.hubcrm.wallet.WalletService;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * What each write path costs in DynamoDB capacity, measured: every operation runs {@link #REPEATS}
 * times through the real services and repositories, on a client whose {@link CapacityMeter} asks
 * every request for {@code ReturnConsumedCapacity=INDEXES} and sums what the responses report
 * (base table and each GSI apart). The numbers are DynamoDB Local's own accounting of the same
 * rules DynamoDB bills by (1 WCU per 1 KB written, 1 RCU per 4 KB strongly read, transactions
 * twice); docs/scale.md turns them into the largest hub each path serves.
 */
final class CapacityBench {
    static final int REPEATS = 20;
    static final int IMPORT_ROWS = 200;
    private static final String TABLE = "hubcrm-bench-capacity";

    /** What one operation consumed on average, and how many of its requests reported nothing. */
    /**
     * What one operation consumed on average: read units and write units as DynamoDB Local reports
     * them, and write units computed from the items written ({@link WriteUnits}), which is what
     * DynamoDB bills for transactions; requests that reported no capacity are counted.
     */
    record Cost(String operation, int repeats, Map<String, Double> requests, double rcu, double reportedWcu,
            double tableWcu, Map<String, Double> indexWcu, long unreported) {
        double indexTotal() {
            return indexWcu.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double wcu() {
            return tableWcu + indexTotal();
        }
    }

    private CapacityBench() {
    }

    /**
     * Adds {@code ReturnConsumedCapacity=INDEXES} to every request that takes it, and sums the
     * {@code ConsumedCapacity} of every response: read units, base-table write units and write
     * units by index. Thread-safe (the import writes rows in parallel).
     */
    static final class CapacityMeter implements ExecutionInterceptor {
        private static final ExecutionAttribute<List<Write>> WRITES = new ExecutionAttribute<>("hubcrm.capacity.writes");
        private final DoubleAdder rcu = new DoubleAdder();
        private final DoubleAdder reportedWcu = new DoubleAdder();
        private final DoubleAdder tableWcu = new DoubleAdder();
        private final Map<String, DoubleAdder> indexWcu = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
        private final LongAdder unreported = new LongAdder();
        /** Reads the items before and after a write; not metered itself. */
        private DynamoDbClient images;

        /** One item a write request touches, and how it was before. */
        private record Write(String table, Map<String, AttributeValue> key, boolean transactional, boolean conditionCheck,
                Map<String, AttributeValue> before) {
        }

        void readImagesWith(DynamoDbClient client) {
            this.images = client;
        }

        private Map<String, AttributeValue> image(String table, Map<String, AttributeValue> key) {
            Map<String, AttributeValue> item = images.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
            return item == null || item.isEmpty() ? null : item;
        }

        private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
            return Map.of(TableDesign.PARTITION_KEY, item.get(TableDesign.PARTITION_KEY), TableDesign.SORT_KEY,
                    item.get(TableDesign.SORT_KEY));
        }

        /** The items a write request touches, read as they are before it runs. */
        private List<Write> writes(SdkRequest request) {
            List<Write> writes = new ArrayList<>();
            switch (request) {
                case PutItemRequest r -> writes.add(new Write(r.tableName(), keyOf(r.item()), false, false, null));
                case UpdateItemRequest r -> writes.add(new Write(r.tableName(), r.key(), false, false, null));
                case DeleteItemRequest r -> writes.add(new Write(r.tableName(), r.key(), false, false, null));
                case BatchWriteItemRequest r -> r.requestItems().forEach((table, items) -> items.forEach(item -> writes.add(
                        new Write(table, item.putRequest() != null ? keyOf(item.putRequest().item()) : item.deleteRequest().key(),
                                false, false, null))));
                case TransactWriteItemsRequest r -> r.transactItems().forEach(item -> {
                    if (item.put() != null) {
                        writes.add(new Write(item.put().tableName(), keyOf(item.put().item()), true, false, null));
                    } else if (item.update() != null) {
                        writes.add(new Write(item.update().tableName(), item.update().key(), true, false, null));
                    } else if (item.delete() != null) {
                        writes.add(new Write(item.delete().tableName(), item.delete().key(), true, false, null));
                    } else if (item.conditionCheck() != null) {
                        writes.add(new Write(item.conditionCheck().tableName(), item.conditionCheck().key(), true, true, null));
                    }
                });
                default -> {
                    return List.of();
                }
            }
            return writes.stream().map(w -> new Write(w.table(), w.key(), w.transactional(), w.conditionCheck(),
                    image(w.table(), w.key()))).toList();
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (images != null) {
                attributes.putAttribute(WRITES, writes(context.request()));
            }
            ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
            return switch (context.request()) {
                case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case QueryRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
                default -> context.request();
            };
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String name = context.request().getClass().getSimpleName().replace("Request", "");
            requests.computeIfAbsent(name, k -> new LongAdder()).increment();
            List<Write> writes = attributes.getAttribute(WRITES);
            if (writes != null) {
                for (Write write : writes) {
                    WriteUnits.Units units = WriteUnits.of(write.before(),
                            write.conditionCheck() ? null : image(write.table(), write.key()), write.transactional(),
                            write.conditionCheck());
                    tableWcu.add(units.table());
                    units.indexes().forEach((index, value) -> indexWcu.computeIfAbsent(index, k -> new DoubleAdder()).add(value));
                }
            }
            List<ConsumedCapacity> consumed = switch (context.response()) {
                case GetItemResponse r -> one(r.consumedCapacity());
                case QueryResponse r -> one(r.consumedCapacity());
                case BatchGetItemResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
                case TransactGetItemsResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
                case PutItemResponse r -> one(r.consumedCapacity());
                case UpdateItemResponse r -> one(r.consumedCapacity());
                case DeleteItemResponse r -> one(r.consumedCapacity());
                case BatchWriteItemResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
                case TransactWriteItemsResponse r -> r.hasConsumedCapacity() ? r.consumedCapacity() : List.of();
                default -> null;
            };
            if (consumed == null) {
                return; // not a data call (DescribeTable, ...)
            }
            if (consumed.isEmpty()) {
                unreported.increment();
                return;
            }
            boolean write = !(context.response() instanceof GetItemResponse || context.response() instanceof QueryResponse
                    || context.response() instanceof BatchGetItemResponse || context.response() instanceof TransactGetItemsResponse);
            for (ConsumedCapacity capacity : consumed) {
                double indexes = 0;
                if (capacity.hasGlobalSecondaryIndexes()) {
                    for (Capacity index : capacity.globalSecondaryIndexes().values()) {
                        indexes += units(index, write);
                    }
                }
                double table = capacity.table() != null ? units(capacity.table(), write)
                        : (capacity.capacityUnits() == null ? 0 : capacity.capacityUnits() - indexes);
                (write ? reportedWcu : rcu).add(table + indexes);
            }
        }

        private static List<ConsumedCapacity> one(ConsumedCapacity capacity) {
            return capacity == null ? List.of() : List.of(capacity);
        }

        /** The units of one part: its write (or read) units where reported apart, else its total. */
        private static double units(Capacity capacity, boolean write) {
            Double apart = write ? capacity.writeCapacityUnits() : capacity.readCapacityUnits();
            if (apart != null) {
                return apart;
            }
            return capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
        }

        /** Runs {@code operation} {@code repeats} times (with the repeat's number) and answers its mean cost. */
        Cost measure(String name, int repeats, IntConsumer operation) {
            double rcuBefore = rcu.sum();
            double reportedBefore = reportedWcu.sum();
            double tableBefore = tableWcu.sum();
            Map<String, Double> indexBefore = snapshot(indexWcu);
            Map<String, Double> requestsBefore = counts();
            long unreportedBefore = unreported.sum();
            for (int i = 0; i < repeats; i++) {
                operation.accept(i);
            }
            Map<String, Double> indexes = new TreeMap<>();
            snapshot(indexWcu).forEach((index, units) -> {
                double delta = units - indexBefore.getOrDefault(index, 0.0);
                if (delta > 0) {
                    indexes.put(index, delta / repeats);
                }
            });
            Map<String, Double> calls = new TreeMap<>();
            counts().forEach((request, count) -> {
                double delta = count - requestsBefore.getOrDefault(request, 0.0);
                if (delta > 0) {
                    calls.put(request, delta / repeats);
                }
            });
            return new Cost(name, repeats, calls, (rcu.sum() - rcuBefore) / repeats, (reportedWcu.sum() - reportedBefore) / repeats,
                    (tableWcu.sum() - tableBefore) / repeats, indexes, unreported.sum() - unreportedBefore);
        }

        private static Map<String, Double> snapshot(Map<String, DoubleAdder> adders) {
            Map<String, Double> values = new TreeMap<>();
            adders.forEach((key, adder) -> values.put(key, adder.sum()));
            return values;
        }

        private Map<String, Double> counts() {
            Map<String, Double> values = new TreeMap<>();
            requests.forEach((key, adder) -> values.put(key, (double) adder.sum()));
            return values;
        }
    }

    static List<Cost> run(URI dynamoEndpoint) {
        CapacityMeter meter = new CapacityMeter();
        try (DynamoDbClient images = AppContext.localDynamo(dynamoEndpoint); DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(dynamoEndpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(meter))
                .build()) {
            // Without a stream: capacity does not depend on it, and DynamoDB Local slows down with one (ImportBench).
            TableProvisioner.ensureTable(dynamo, TABLE, false);
            meter.readImagesWith(images);
            Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
            HubService hubs = new HubService(new DynamoHubRepository(dynamo, TABLE), clock);
            CustomerService customers = new CustomerService(new DynamoCustomerRepository(dynamo, TABLE), hubs, clock);
            LocalCheckoutGateway checkout = new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL);
            Quotas quotas = new Quotas(new DynamoQuotaCounter(dynamo, TABLE), clock);
            WalletService wallet = new WalletService(new DynamoWalletRepository(dynamo, TABLE), hubs, customers, checkout,
                    new PortalLinks(() -> "capacity-bench-portal-secret", () -> AppContext.LOCAL_BASE_URL), quotas, clock);
            List<String> queued = Collections.synchronizedList(new ArrayList<>());
            ImportService imports = new ImportService(new DynamoImportRepository(dynamo, TABLE), customers, hubs,
                    () -> queued::addAll, quotas, clock);
            DynamoSegmentRepository segmentRepository = new DynamoSegmentRepository(dynamo, TABLE);
            SegmentService segments = new SegmentService(segmentRepository, customers, hubs, quotas, clock);
            SegmentMembership membership = new SegmentMembership(segmentRepository, customers, SegmentJoins.NONE, clock);
            String hub = hubs.create(new NewHub("Capacity bench hub", "EUR", "Europe/Paris")).hub().id();

            List<Cost> costs = new ArrayList<>();
            List<Customer> created = new ArrayList<>();
            costs.add(meter.measure("customer create (email, names, 2 tags)", REPEATS, i -> created.add(customers.create(hub,
                    draft("create" + i, List.of("bench", "wholesale/restaurants"))))));
            costs.add(meter.measure("customer create (email, names, 10 tags)", REPEATS, i -> customers.create(hub,
                    draft("tags" + i, List.of("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "wholesale/restaurants")))));
            costs.add(meter.measure("customer update (one tag added)", REPEATS, i -> customers.update(hub, created.get(i).id(),
                    c -> new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(), c.lastName(), c.companyName(),
                            List.of("bench", "wholesale/restaurants", "added"), c.fields(), c.marketingConsent(), null, false),
                    ExpectedVersion.ANY, "manual")));
            Instant placed = Instant.now().minus(Duration.ofDays(1));
            costs.add(meter.measure("order, first (lead -> customer)", REPEATS, i -> customers.recordOrder(hub, created.get(i).id(),
                    "first-" + i, 2500L, placed)));
            costs.add(meter.measure("order, later", REPEATS, i -> customers.recordOrder(hub, created.get(i).id(), "later-" + i,
                    2500L, placed)));

            costs.add(meter.measure("import row, new customer (" + IMPORT_ROWS + "-row CSV)", IMPORT_ROWS,
                    everyRow(() -> importFile(imports, queued, hub, csv(IMPORT_ROWS, "imported")))));
            costs.add(meter.measure("import row, existing customer, one tag changed", IMPORT_ROWS,
                    everyRow(() -> importFile(imports, queued, hub, csv(IMPORT_ROWS, "reimported")))));
            costs.add(meter.measure("import row, existing customer, unchanged", IMPORT_ROWS,
                    everyRow(() -> importFile(imports, queued, hub, csv(IMPORT_ROWS, "reimported")))));

            List<String> payers = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                String payer = customers.create(hub, draft("payer" + i, List.of())).id();
                wallet.adjust(hub, payer, 100_000L, "bench credit");
                payers.add(payer);
            }
            costs.add(meter.measure("wallet charge", REPEATS, i -> wallet.charge(hub, payers.get(i), 500L, "charge-" + i)));
            costs.add(meter.measure("wallet charge, same orderRef again", REPEATS,
                    i -> wallet.charge(hub, payers.get(i), 500L, "charge-" + i)));
            List<TopUp> topUps = new ArrayList<>();
            costs.add(meter.measure("top-up start (pending top-up)", REPEATS,
                    i -> topUps.add(wallet.startTopUp(hub, created.get(i).id(), 2000L))));
            costs.add(meter.measure("top-up credit (Stripe's confirmation)", REPEATS, i -> wallet.completeTopUp(
                    new StripePayment(hub, created.get(i).id(), topUps.get(i).id(), null, "pi_bench_" + i, 2000L, "EUR",
                            topUps.get(i).sessionId()))));

            JsonNode rule = json("{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"joined\"}");
            segments.create(hub, new SegmentService.SegmentInput("Joined", rule));
            // The changes the stream would carry: made before measuring, only their evaluation is measured.
            List<Customer[]> changes = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                Customer before = customers.get(hub, payers.get(i));
                Customer after = customers.update(hub, before.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(),
                        c.firstName(), c.lastName(), c.companyName(), List.of("joined"), c.fields(), c.marketingConsent(), null,
                        false), ExpectedVersion.ANY, "manual");
                changes.add(new Customer[] {before, after});
            }
            costs.add(meter.measure("segment evaluation, customer joins 1 segment", REPEATS,
                    i -> membership.customerChanged(hub, changes.get(i)[0], changes.get(i)[1], membership.rules(hub))));
            costs.add(meter.measure("segment refresh entry, new", REPEATS,
                    i -> segmentRepository.scheduleRefresh(hub, created.get(i).id(), placed.plus(Duration.ofDays(30)))));
            costs.add(meter.measure("segment refresh entry, moved to another day", REPEATS,
                    i -> segmentRepository.scheduleRefresh(hub, created.get(i).id(), placed.plus(Duration.ofDays(31)))));
            List<String> otherHubs = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                otherHubs.add(hubs.create(new NewHub("Capacity bench hub " + i, "EUR", "Europe/Paris")).hub().id());
            }
            costs.add(meter.measure("hub settings: low-balance reminders switched on", REPEATS,
                    i -> hubs.update(otherHubs.get(i), reminders(1000L))));
            costs.add(meter.measure("hub settings: threshold changed, reminders on", REPEATS,
                    i -> hubs.update(otherHubs.get(i), reminders(2000L))));
            return costs;
        }
    }

    private static java.util.function.UnaryOperator<HubSettings> reminders(long threshold) {
        return s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), s.statusRules(), s.fields(),
                new WalletSettings(0, false, threshold, 7, null), s.engagementRules());
    }

    /** An import of {@code csv}: start (the job record), then each queued chunk through the worker's service call. */
    private static void importFile(ImportService imports, List<String> queued, String hub, byte[] csv) {
        queued.clear();
        ImportJob job = imports.start(hub, csv, ImportFormat.CSV, false);
        for (String message : List.copyOf(queued)) {
            imports.process(ImportJson.chunk(message), false);
        }
        if (imports.get(hub, job.id()).status() != JobStatus.DONE) {
            throw new IllegalStateException("the import did not finish: " + imports.get(hub, job.id()).status());
        }
    }

    /** A CSV of {@code rows} customers (as the import benchmark's), each with the tags {@code batch} and {@code tag}. */
    private static byte[] csv(int rows, String tag) {
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Tags,Marketing Consent,Type\r\n");
        for (int row = 1; row <= rows; row++) {
            csv.append("row").append(row).append("@example.com,First ").append(row).append(",\"Last, ").append(row)
                    .append("\",").append(tag).append("|batch-1,yes,person\r\n");
        }
        return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A whole-file operation measured as one repeat per row: it runs at the first, and the mean is per row. */
    private static IntConsumer everyRow(Runnable wholeFile) {
        return i -> {
            if (i == 0) {
                wholeFile.run();
            }
        };
    }

    private static CustomerDraft draft(String name, List<String> tags) {
        return new CustomerDraft(CustomerType.PERSON, name + "@example.com", null, "First " + name, "Last " + name, null, tags,
                Map.of(), true, null, false);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The table of costs, one line per operation. */
    static void print(List<Cost> costs, PrintStream out) {
        String format = "%-50s %6s %8s %8s %8s %9s  %s%n";
        out.printf(Locale.ROOT, format, "operation (mean of its repeats)", "RCU", "WCU tbl", "WCU GSI", "WCU all", "(Local)",
                "GSI writes by index; requests per operation");
        for (Cost cost : costs) {
            StringBuilder detail = new StringBuilder();
            cost.indexWcu().forEach((index, units) -> detail.append(index).append(' ').append(number(units)).append("; "));
            cost.requests().forEach((request, count) -> detail.append(request).append(" x").append(number(count)).append(' '));
            if (cost.unreported() > 0) {
                detail.append("; ").append(cost.unreported()).append(" requests reported no capacity");
            }
            out.printf(Locale.ROOT, format, cost.operation(), number(cost.rcu()), number(cost.tableWcu()), number(cost.indexTotal()),
                    number(cost.wcu()), number(cost.reportedWcu()), detail.toString().strip());
        }
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
