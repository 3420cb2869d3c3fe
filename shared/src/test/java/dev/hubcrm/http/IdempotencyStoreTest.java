package dev.hubcrm.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.Ids;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.Concurrently.Outcome;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private static final String table = dynamo.freshTable();

    private final MutableClock clock = MutableClock.at("2025-03-01T09:00:00Z");
    private IdempotencyStore store;
    private String partition;

    @BeforeEach
    void freshHub() {
        store = new IdempotencyStore(dynamo.client(), table, clock);
        partition = TableDesign.hubPartition(Ids.newId("hub"));
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** The claim token of the last granted claim: what the worker holding the key passes back. */
    private String token;

    private IdempotencyStore.Claim claim(String key, String fingerprint) {
        IdempotencyStore.Claim claim = store.claim(partition, "POST /v1/customers", key, fingerprint);
        if (claim instanceof IdempotencyStore.Granted granted) {
            token = granted.claimToken();
        }
        return claim;
    }

    @Test
    void aFirstClaimIsGrantedAndASecondOneWaitsForIt() {
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.InProgress.class);
        assertThat(claim("k1", "fp-b")).as("another request under the same key").isInstanceOf(IdempotencyStore.Mismatch.class);
    }

    @Test
    void aCompletedClaimIsReplayedWithItsStatusBodyAndHeaders() throws Exception {
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Granted.class);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", "/v1/customers/cus_1");
        headers.put("ETag", "\"1\"");
        JsonNode body = json("{\"id\":\"cus_1\",\"amount\":2500,\"price\":12.50,\"tags\":[\"é\"],\"nested\":{\"x\":null}}");
        store.complete(partition, "POST /v1/customers", "k1", token, new Reply(201, body, null, headers, false));

        clock.advance(Duration.ofHours(23));
        IdempotencyStore.Claim again = claim("k1", "fp-a");
        assertThat(again).isInstanceOf(IdempotencyStore.Replay.class);
        Reply replay = ((IdempotencyStore.Replay) again).reply();
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(body);
        assertThat(replay.headers()).containsEntry("Location", "/v1/customers/cus_1")
                .containsEntry("ETag", "\"1\"")
                .containsEntry("Idempotent-Replayed", "true")
                .hasSize(3);

        assertThat(claim("k1", "fp-b")).as("a different request under a used key").isInstanceOf(IdempotencyStore.Mismatch.class);
    }

    @Test
    void aReplyWithoutBodyIsReplayedWithoutBody() {
        claim("k-empty", "fp");
        store.complete(partition, "POST /v1/customers", "k-empty", token, Reply.noContent());
        IdempotencyStore.Claim again = claim("k-empty", "fp");
        assertThat(again).isInstanceOf(IdempotencyStore.Replay.class);
        Reply replay = ((IdempotencyStore.Replay) again).reply();
        assertThat(replay.status()).isEqualTo(204);
        assertThat(replay.body()).isNull();
        assertThat(replay.headers()).containsExactly(Map.entry("Idempotent-Replayed", "true"));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Granted.class);
        store.release(partition, "POST /v1/customers", "k1", token);
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.InProgress.class);
        store.release(partition, "POST /v1/customers", "k1", token);
        assertThat(claim("k1", "fp-other")).as("released means forgotten").isInstanceOf(IdempotencyStore.Granted.class);
    }

    @Test
    void anExpiredLockIsTakenOver() {
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Granted.class);
        clock.advance(Duration.ofSeconds(20));
        assertThat(claim("k1", "fp-a")).as("still locked").isInstanceOf(IdempotencyStore.InProgress.class);
        clock.advance(Duration.ofSeconds(11));
        assertThat(claim("k1", "fp-a")).as("the first worker died").isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(claim("k1", "fp-a")).as("and the new one holds a fresh lock").isInstanceOf(IdempotencyStore.InProgress.class);
    }

    @Test
    void aReplyCarryingASecretIsNeverStored() {
        claim("k-secret", "fp");
        store.complete(partition, "POST /v1/customers", "k-secret", token,
                Reply.created(Json.object().put("apiKey", "hcrm.secret"), "/v1/hub").withSecret());
        IdempotencyStore.Claim again = claim("k-secret", "fp");
        assertThat(again).isInstanceOf(IdempotencyStore.Withheld.class);
        assertThat(((IdempotencyStore.Withheld) again).headers()).containsEntry("Location", "/v1/hub");
        assertThat(dynamo.partition(table, partition.substring("HUB#".length())).toString()).doesNotContain("hcrm.secret")
                .contains("k-secret");
    }

    @Test
    void aWorkerWhoseLockWasTakenOverCannotOverwriteTheAnswer() {
        claim("k-slow", "fp");
        String slowWorker = token;
        clock.advance(Duration.ofSeconds(31));
        assertThat(claim("k-slow", "fp")).isInstanceOf(IdempotencyStore.Granted.class);
        store.complete(partition, "POST /v1/customers", "k-slow", token, Reply.ok(Json.object().put("by", "second")));
        store.complete(partition, "POST /v1/customers", "k-slow", slowWorker, Reply.ok(Json.object().put("by", "first")));
        store.release(partition, "POST /v1/customers", "k-slow", slowWorker);
        IdempotencyStore.Claim again = claim("k-slow", "fp");
        assertThat(((IdempotencyStore.Replay) again).reply().body().get("by").asText()).isEqualTo("second");
    }

    @Test
    void aCompletedReplyIsNeverTakenOverByTheLock() {
        claim("k1", "fp-a");
        store.complete(partition, "POST /v1/customers", "k1", token, Reply.ok(Json.object().put("n", 1)));
        clock.advance(Duration.ofHours(1));
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Replay.class);
    }

    @Test
    void aRecordOlderThanTheRetentionIsForgotten() {
        claim("k1", "fp-a");
        store.complete(partition, "POST /v1/customers", "k1", token, Reply.ok(Json.object().put("n", 1)));
        clock.advance(IdempotencyStore.RETENTION.plusSeconds(1));
        assertThat(claim("k1", "fp-b")).isInstanceOf(IdempotencyStore.Granted.class);
    }

    @Test
    void keysAreScopedByPartitionAndScope() {
        assertThat(claim("k1", "fp-a")).isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(store.claim(partition, "POST /v1/customers/{id}/wallet/charges", "k1", "fp-a"))
                .isInstanceOf(IdempotencyStore.Granted.class);
        assertThat(store.claim(TableDesign.hubPartition(Ids.newId("hub")), "POST /v1/customers", "k1", "fp-a"))
                .as("another hub's identical key").isInstanceOf(IdempotencyStore.Granted.class);
    }

    @Test
    void ofConcurrentClaimsExactlyOneIsGranted() throws Exception {
        List<Outcome<IdempotencyStore.Claim>> outcomes = Concurrently.run(10, () -> claim("race", "fp"));
        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(outcomes).filteredOn(o -> o.value() instanceof IdempotencyStore.Granted).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.value() instanceof IdempotencyStore.InProgress).hasSize(9);
    }
}
