package dev.hubcrm.segments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.Ids;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.support.LocalDynamo;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The refresh index on DynamoDB Local: entries of many hubs' customers spread over the shards of a
 * day, and the refresh's read finds each of them again, whichever shard holds it.
 */
class DynamoSegmentRepositoryTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    /** A table of its own: {@code due} reads the entries of every hub in it. */
    private final String table = dynamo.freshTable();

    @Test
    void refreshEntriesOfManyCustomersSpreadOverEveryShardAndTheRefreshFindsEachOfThem() {
        DynamoSegmentRepository repository = new DynamoSegmentRepository(dynamo.client(), table);
        Instant until = Instant.parse("2026-03-10T12:00:00Z");
        LocalDate day = LocalDate.parse("2026-03-10");
        List<SegmentRepository.Due> expected = new ArrayList<>();
        List<SegmentRepository.Due> notYet = new ArrayList<>();
        for (int hub = 0; hub < 8; hub++) {
            String hubId = Ids.newId("hub");
            for (int customer = 0; customer < 120; customer++) {
                String customerId = Ids.newId("cus");
                // due today before noon, or three days ago: due; today after noon or tomorrow: not yet
                Instant dueAt = switch (customer % 8) {
                    case 6 -> until.plus(Duration.ofMinutes(customer));
                    case 7 -> until.plus(Duration.ofDays(1));
                    case 5 -> until.minus(Duration.ofDays(3));
                    default -> until.minus(Duration.ofMinutes(customer * 5L));
                };
                (dueAt.isAfter(until) ? notYet : expected).add(new SegmentRepository.Due(hubId, customerId, dueAt));
            }
        }
        List<SegmentRepository.Due> all = new ArrayList<>(expected);
        all.addAll(notYet);
        all.parallelStream().forEach(entry -> repository.scheduleRefresh(entry.hubId(), entry.customerId(), entry.dueAt()));

        Map<String, Integer> perBucket = new HashMap<>();
        List<String> buckets = new ArrayList<>(IntStream.range(0, TableDesign.REFRESH_SHARDS).mapToObj("2026-03-10#%02d"::formatted).toList());
        buckets.add("2026-03-10");
        assertThat(TableDesign.refreshBuckets(day)).containsExactlyElementsOf(buckets);
        for (String bucket : buckets) {
            perBucket.put(bucket, dynamo.client().queryPaginator(r -> r.tableName(table).indexName(TableDesign.REFRESH_INDEX)
                    .keyConditionExpression("#day = :day").expressionAttributeNames(Map.of("#day", TableDesign.REFRESH_DAY))
                    .expressionAttributeValues(Map.of(":day", AttributeValue.fromS(bucket)))).items().stream().toList().size());
        }
        assertThat(perBucket.get(day.toString())).as("new entries are never written under the bare day").isZero();
        perBucket.remove(day.toString());
        assertThat(perBucket).hasSize(TableDesign.REFRESH_SHARDS);
        int today = perBucket.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(today).isEqualTo((int) all.stream().filter(e -> e.dueAt().toString().startsWith("2026-03-10")).count());
        double mean = (double) today / TableDesign.REFRESH_SHARDS;
        assertThat(perBucket.values()).as("every shard of the day holds entries, none far more than its share: %s", perBucket)
                .allSatisfy(count -> assertThat(count).isPositive().isLessThan((int) (mean * 3)));

        List<SegmentRepository.Due> due = repository.due(until.minus(Duration.ofDays(7)), until);
        assertThat(due).as("one entry per due customer, from every shard, none that is not due yet")
                .hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anEntryWrittenBeforeTheShardsIsStillFoundAndMovesToItsShardWhenWrittenAgain() {
        DynamoSegmentRepository repository = new DynamoSegmentRepository(dynamo.client(), table);
        String hubId = Ids.newId("hub");
        String customerId = Ids.newId("cus");
        Instant dueAt = Instant.parse("2026-04-02T08:00:00Z");
        Map<String, AttributeValue> legacy = new HashMap<>(Items.key(TableDesign.hubPartition(hubId), "SEGDUE#" + customerId));
        legacy.put("kind", Items.s("segment-due"));
        legacy.put(TableDesign.REFRESH_DAY, Items.s("2026-04-02"));
        legacy.put(TableDesign.REFRESH_AT, Items.s(Items.sortableMillis(dueAt)));
        dynamo.client().putItem(r -> r.tableName(table).item(legacy));

        Instant now = Instant.parse("2026-04-02T09:00:00Z");
        assertThat(repository.due(now.minus(Duration.ofDays(7)), now))
                .containsExactly(new SegmentRepository.Due(hubId, customerId, dueAt));

        Instant later = Instant.parse("2026-04-09T08:00:00Z");
        repository.scheduleRefresh(hubId, customerId, later);
        Map<String, AttributeValue> item = dynamo.client().getItem(r -> r.tableName(table).consistentRead(true)
                .key(Items.key(TableDesign.hubPartition(hubId), "SEGDUE#" + customerId))).item();
        assertThat(Items.string(item, TableDesign.REFRESH_DAY))
                .isEqualTo("2026-04-09#%02d".formatted(TableDesign.refreshShard(hubId, customerId)));
        assertThat(repository.due(now.minus(Duration.ofDays(7)), now)).isEmpty();
        assertThat(repository.due(later, later)).containsExactly(new SegmentRepository.Due(hubId, customerId, later));
    }

    @Test
    void aCustomerKeepsItsShardAndTheHashIsTheSameInEveryRelease() {
        assertThat(TableDesign.refreshShard("hub_01", "cus_01")).isEqualTo(TableDesign.refreshShard("hub_01", "cus_01"));
        Set<Integer> shards = new HashSet<>();
        IntStream.range(0, 2000).forEach(i -> shards.add(TableDesign.refreshShard("hub_" + (i % 3), "cus_" + i)));
        assertThat(shards).hasSize(TableDesign.REFRESH_SHARDS)
                .allSatisfy(shard -> assertThat(shard).isBetween(0, TableDesign.REFRESH_SHARDS - 1));
        // pinned: a different hash would strand every entry written under the old one until it is due
        assertThat(TableDesign.refreshBucket(LocalDate.parse("2026-03-01"), "hub_01", "cus_01"))
                .isEqualTo("2026-03-01#04");
    }
}
