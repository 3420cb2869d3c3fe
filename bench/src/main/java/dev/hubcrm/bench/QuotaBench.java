package dev.hubcrm.bench;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;

import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.store.TableDesign;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a quota adds to an expensive request: p50 of {@link Quotas#checkAndCount} (one conditional
 * UpdateItem through the port, ADR 14), allowed and refused, against a raw UpdateItem with the same
 * expression on the same DynamoDB Local, alternating.
 */
final class QuotaBench {
    private QuotaBench() {
    }

    /** Nanoseconds of allowed takes, raw updates and refused takes, in that order. */
    static long[][] takes(DynamoDbClient dynamo, String table, int warmup, int calls) {
        Quotas quotas = new Quotas(new DynamoQuotaCounter(dynamo, table), Clock.systemUTC());
        Quota unlimited = new Quota("bench", Long.MAX_VALUE / 2, Duration.ofDays(1));
        Quota usedUp = new Quota("bench-used-up", 1, Duration.ofDays(1));
        quotas.checkAndCount("hub_bench", usedUp, null);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> rawKey =
                key(TableDesign.hubPartition("hub_bench"), "BENCH#raw-counter");
        long[] allowed = new long[calls];
        long[] raw = new long[calls];
        long[] refused = new long[calls];
        for (int i = 0; i < warmup + calls; i++) {
            long started = System.nanoTime();
            quotas.checkAndCount("hub_bench", unlimited, null);
            long take = System.nanoTime() - started;
            started = System.nanoTime();
            dynamo.updateItem(r -> r.tableName(table).key(rawKey)
                    .updateExpression("ADD #count :one SET #expires = :expires")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", "count", "#expires", TableDesign.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(Long.MAX_VALUE / 2), ":expires", n(0))));
            long update = System.nanoTime() - started;
            started = System.nanoTime();
            quotas.checkAndCount("hub_bench", usedUp, null);
            long refusal = System.nanoTime() - started;
            if (i >= warmup) {
                allowed[i - warmup] = take;
                raw[i - warmup] = update;
                refused[i - warmup] = refusal;
            }
        }
        return new long[][] {allowed, raw, refused};
    }
}
