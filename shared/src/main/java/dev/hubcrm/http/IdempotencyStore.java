package dev.hubcrm.http;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code Idempotency-Key} records: one conditional write claims a key before the work runs, the
 * first successful reply is stored and replayed to every retry for 24 hours. A claim whose worker
 * died is taken over after a short lock; a key reused with another request is refused.
 */
public final class IdempotencyStore {
    public static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration LOCK = Duration.ofSeconds(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public IdempotencyStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The outcome of claiming a key. */
    public sealed interface Claim {
    }

    /** The key is ours: do the work, then {@link #complete} or {@link #release} with this token. */
    public record Granted(String claimToken) implements Claim {
    }

    /** The work was done before; answer this again. */
    public record Replay(Reply reply) implements Claim {
    }

    /** Another request with this key is still running. */
    public record InProgress() implements Claim {
    }

    /** The work was done before, but its answer held a secret shown once and was not kept. */
    public record Withheld(Map<String, String> headers) implements Claim {
    }

    /** The key was used for a different request. */
    public record Mismatch() implements Claim {
    }

    public Claim claim(String partition, String scope, String key, String fingerprint) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key(partition, sortKey(scope, key)));
        item.put("kind", s("idempotency"));
        String claimToken = UUID.randomUUID().toString();
        item.put("state", s("running"));
        item.put("claim", s(claimToken));
        item.put("fingerprint", s(fingerprint));
        item.put("lockedUntil", n(now.plus(LOCK).getEpochSecond()));
        item.put(TableDesign.TTL_ATTRIBUTE, n(now.plus(RETENTION).getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR #ttl < :now OR (#state = :running AND lockedUntil < :now)")
                    .expressionAttributeNames(Map.of("#ttl", TableDesign.TTL_ATTRIBUTE, "#state", "state"))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()), ":running", s("running"))));
            return new Granted(claimToken);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = dynamo.getItem(r -> r.tableName(table)
                    .key(key(partition, sortKey(scope, key))).consistentRead(true)).item();
            if (existing == null || existing.isEmpty()) {
                return claim(partition, scope, key, fingerprint);
            }
            if (!fingerprint.equals(Items.string(existing, "fingerprint"))) {
                return new Mismatch();
            }
            if ("running".equals(Items.string(existing, "state"))) {
                return new InProgress();
            }
            if (Items.flag(existing, "withheld")) {
                return new Withheld(storedHeaders(existing));
            }
            return new Replay(storedReply(existing));
        }
    }

    public void complete(String partition, String scope, String key, String claimToken, Reply reply) {
        Map<String, AttributeValue> headers = new LinkedHashMap<>();
        reply.headers().forEach((name, value) -> headers.put(name, s(value)));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", s("done"));
        values.put(":status", n(reply.status()));
        values.put(":headers", AttributeValue.fromM(headers));
        values.put(":body", s(reply.body() == null || reply.carriesSecret() ? "" : reply.body().toString()));
        values.put(":withheld", Items.bool(reply.carriesSecret()));
        values.put(":claim", s(claimToken));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(partition, sortKey(scope, key)))
                    .updateExpression("SET #state = :done, #status = :status, headers = :headers, body = :body,"
                            + " withheld = :withheld REMOVE lockedUntil, claim")
                    .conditionExpression("claim = :claim")
                    .expressionAttributeNames(Map.of("#state", "state", "#status", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException tookOver) {
            // our lock expired and another request took the key over: its answer is the one kept
        }
    }

    /** Gives the key back after a failure, so that the client's retry runs the work again. */
    public void release(String partition, String scope, String key, String claimToken) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(partition, sortKey(scope, key)))
                    .conditionExpression("claim = :claim")
                    .expressionAttributeValues(Map.of(":claim", s(claimToken))));
        } catch (ConditionalCheckFailedException tookOver) {
            // another request holds the key now; it is not ours to give back
        }
    }

    private static String sortKey(String scope, String key) {
        return "IDEM#" + scope + "#" + key;
    }

    private static Map<String, String> storedHeaders(Map<String, AttributeValue> item) {
        Map<String, String> headers = new LinkedHashMap<>();
        AttributeValue stored = item.get("headers");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> headers.put(name, value.s()));
        }
        return headers;
    }

    private static Reply storedReply(Map<String, AttributeValue> item) {
        Map<String, String> headers = storedHeaders(item);
        headers.put("Idempotent-Replayed", "true");
        String body = Items.string(item, "body");
        try {
            JsonNode json = body == null || body.isEmpty() ? null : Json.MAPPER.readTree(body);
            return new Reply((int) Items.number(item, "status"), json, null, headers, false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored idempotent reply is not JSON", e);
        }
    }
}
