package dev.hubcrm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.Ids;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.Engagements;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.http.Json;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.segments.DynamoSegmentRepository;
import dev.hubcrm.segments.Segment;
import dev.hubcrm.segments.SegmentJoins;
import dev.hubcrm.segments.SegmentMembership;
import dev.hubcrm.segments.SegmentRule;
import dev.hubcrm.segments.SegmentService;
import dev.hubcrm.store.BatchWrites;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableProvisioner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Segments at scale, on DynamoDB Local: a hub of {@code customers} customers and 20 segments.
 * (1) Items read per single-customer change: a customer's tags change, and the evaluation the
 * stream handler does for that record (the hub's rules, then the change) runs on a client that
 * counts every item a response returns, and every condition check of a membership write.
 * (2) Full backfill: a new segment built step by step as its stream records drive it, timed.
 */
final class SegmentBench {
    static final int SEGMENTS = 20;
    static final int CHANGES = 200;
    /** A table of its own, without a stream: DynamoDB Local slows down as stream records pile up (ImportBench). */
    static final String SEGMENT_TABLE = "hubcrm-bench-segments";

    /**
     * @param worstExcess the largest (items read − (1 + segments touched)) of any change: at most 0 meets the target
     */
    record Result(int customers, int changes, long maxItemsRead, long worstExcess, double meanItemsRead, double meanTouched,
            long maxConditionChecks, int backfillSteps, long backfillNanos, long members) {
    }

    private SegmentBench() {
    }

    /** Counts the items that responses carry (reads) and the condition checks of transactions. */
    static final class ItemCounter implements ExecutionInterceptor {
        final AtomicLong itemsRead = new AtomicLong();
        final AtomicLong conditionChecks = new AtomicLong();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            switch (context.response()) {
                case GetItemResponse get -> itemsRead.addAndGet(get.hasItem() && !get.item().isEmpty() ? 1 : 0);
                case QueryResponse query -> itemsRead.addAndGet(query.count());
                case BatchGetItemResponse batch -> batch.responses().values().forEach(items -> itemsRead.addAndGet(items.size()));
                default -> {
                    // writes read nothing back
                }
            }
            if (context.request() instanceof TransactWriteItemsRequest transaction) {
                conditionChecks.addAndGet(transaction.transactItems().stream().filter(item -> item.conditionCheck() != null).count());
            }
        }

        void reset() {
            itemsRead.set(0);
            conditionChecks.set(0);
        }
    }

    static Result run(URI dynamoEndpoint, String operatorKeySha256, DynamoDbClient counting, ItemCounter counter, int customers) {
        AppContext app = AppContext.local(dynamoEndpoint, SEGMENT_TABLE, operatorKeySha256, AppContext.systemClock(), Duration.ofSeconds(30));
        TableProvisioner.ensureTable(app.dynamo(), SEGMENT_TABLE, false);
        String hubId = app.hubs().create(new NewHub("Segment bench hub", "EUR", "Europe/Paris")).hub().id();
        Random random = new Random(42);
        List<Customer> all = seed(app, hubId, customers, random);
        SegmentService segments = app.segments();
        // Not built: what a change reads and writes depends on its old and new image and the rules, not on stored memberships.
        for (int i = 0; i < SEGMENTS; i++) {
            segments.create(hubId, new SegmentService.SegmentInput("S" + i, rule(i)));
        }

        CustomerService countedCustomers = new CustomerService(new DynamoCustomerRepository(counting, app.table()), app.hubs(), Clock.systemUTC());
        SegmentMembership counted = new SegmentMembership(new DynamoSegmentRepository(counting, app.table()), countedCustomers,
                SegmentJoins.NONE, Clock.systemUTC());
        long maxRead = 0;
        long worstExcess = Long.MIN_VALUE;
        long maxChecks = 0;
        long totalRead = 0;
        long totalTouched = 0;
        for (int i = 0; i < CHANGES; i++) {
            Customer before = app.customers().get(hubId, all.get(random.nextInt(all.size())).id());
            Customer after = app.customers().update(hubId, before.id(), c -> new CustomerDraft(c.type(), c.email(), c.phone(),
                    c.firstName(), c.lastName(), c.companyName(), tags(random), c.fields(), c.marketingConsent(), null, false),
                    ExpectedVersion.ANY, "manual");
            counter.reset();
            Map<String, SegmentRule> rules = counted.rules(hubId);
            SegmentMembership.Outcome outcome = counted.customerChanged(hubId, before, after, rules);
            long read = counter.itemsRead.get();
            totalRead += read;
            totalTouched += outcome.touched();
            maxChecks = Math.max(maxChecks, counter.conditionChecks.get());
            maxRead = Math.max(maxRead, read);
            worstExcess = Math.max(worstExcess, read - (1 + outcome.touched()));
        }

        Segment big = segments.create(hubId, new SegmentService.SegmentInput("Backfill", json(
                "{\"any\":[{\"field\":\"tags\",\"op\":\"prefix\",\"value\":\"t1\"},{\"field\":\"orderCount\",\"op\":\"gte\",\"value\":5}]}")));
        long started = System.nanoTime();
        int steps = build(app, app.segmentMembership(), hubId, big.id());
        long nanos = System.nanoTime() - started;
        long members = countMembers(app, hubId, big.id());
        return new Result(customers, CHANGES, maxRead, worstExcess, (double) totalRead / CHANGES, (double) totalTouched / CHANGES,
                maxChecks, steps, nanos, members);
    }

    /** A new hub on a table of its own on DynamoDB Local. */
    record BenchHub(AppContext app, String hubId) {
        static BenchHub create(URI dynamoEndpoint, String operatorKeySha256, String table, String name) {
            AppContext app = AppContext.local(dynamoEndpoint, table, operatorKeySha256, AppContext.systemClock(), Duration.ofSeconds(30));
            TableProvisioner.ensureTable(app.dynamo(), table, false);
            return new BenchHub(app, app.hubs().create(new NewHub(name, "EUR", "Europe/Paris")).hub().id());
        }
    }

    /** Customers written 25 a BatchWriteItem in the repository's item layout (the list and the backfill read only these). */
    static List<Customer> seed(AppContext app, String hubId, int count, Random random) {
        List<Customer> created = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            long orders = random.nextInt(10);
            Instant last = orders == 0 ? null : now.minus(Duration.ofDays(random.nextInt(400)));
            Customer customer = new Customer(Ids.newId("cus"), CustomerType.PERSON, "c" + i + "@bench.example", null, "C" + i, null,
                    null, tags(random), Map.of(), random.nextBoolean(), orders == 0 ? CustomerStatus.LEAD : CustomerStatus.CUSTOMER,
                    false, orders, orders * 2500, last, last, 0, null, Engagements.NONE, now, now, 1);
            created.add(customer);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(DynamoCustomerRepository.toItem(hubId, customer)).build()).build());
            if (batch.size() == BatchWrites.MAX_ITEMS || i == count - 1) {
                BatchWrites.write(app.dynamo(), app.table(), batch);
                batch.clear();
            }
        }
        return created;
    }

    private static List<String> tags(Random random) {
        List<String> tags = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            tags.add("t" + random.nextInt(20) + (random.nextBoolean() ? "/sub" : ""));
        }
        return tags.stream().distinct().toList();
    }

    /** Twenty rules of the grammar's kinds: tags, prefixes, status, order facts, relative time, combinations. */
    private static JsonNode rule(int i) {
        return json(switch (i % 5) {
            case 0 -> "{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"t" + i + "\"}";
            case 1 -> "{\"field\":\"tags\",\"op\":\"prefix\",\"value\":\"t" + i + "\"}";
            case 2 -> "{\"all\":[{\"field\":\"status\",\"op\":\"eq\",\"value\":\"customer\"},{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"t"
                    + i + "/sub\"}]}";
            case 3 -> "{\"field\":\"lastOrderAt\",\"op\":\"withinDays\",\"value\":" + (30 + i) + "}";
            default -> "{\"not\":{\"any\":[{\"field\":\"orderCount\",\"op\":\"gte\",\"value\":" + i % 10
                    + "},{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"t" + i + "\"}]}}";
        });
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Backfill steps until the segment is ready, each from the segment item as its stream record carries it. */
    static int build(AppContext app, SegmentMembership membership, String hubId, String segmentId) {
        int steps = 0;
        while (true) {
            Map<String, AttributeValue> item = app.dynamo().getItem(r -> r.tableName(app.table()).consistentRead(true)
                    .key(Items.key("HUB#" + hubId, "SEG#" + segmentId))).item();
            Segment segment = DynamoSegmentRepository.fromItem(item);
            if (segment.status() == Segment.Status.READY) {
                return steps;
            }
            membership.backfillStep(new SegmentMembership.BackfillState(hubId, segmentId, segment.generation(), segment.ruleJson(),
                    DynamoSegmentRepository.backfillCursor(item), segment.processed()));
            steps++;
        }
    }

    private static long countMembers(AppContext app, String hubId, String segmentId) {
        return app.dynamo().queryPaginator(r -> r.tableName(app.table()).select("COUNT")
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", Items.s("HUB#" + hubId), ":prefix", Items.s("IX#seg#" + segmentId + "#"))))
                .stream().mapToLong(QueryResponse::count).sum();
    }
}
