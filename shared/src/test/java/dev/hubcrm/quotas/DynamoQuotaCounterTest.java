package dev.hubcrm.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.store.TableDesign;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Quotas counted on DynamoDB Local: exactly the limit under concurrency, per hub, per subject, per window. */
class DynamoQuotaCounterTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private static final Quota TEN_A_MINUTE = new Quota("previews", 10, Duration.ofMinutes(1));
    private final MutableClock clock = MutableClock.at("2026-12-03T10:17:30Z");
    private String table;
    private Quotas quotas;

    @BeforeEach
    void freshTable() {
        table = dynamo.freshTable();
        quotas = new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock);
    }

    @Test
    void ofManyConcurrentRequestsExactlyTheLimitIsAllowedAndTheOthersAreToldWhenTheWindowEnds() throws InterruptedException {
        List<Concurrently.Outcome<Quotas.Decision>> outcomes =
                Concurrently.run(40, () -> quotas.checkAndCount("hub_a", TEN_A_MINUTE, null));

        assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
        assertThat(outcomes).filteredOn(o -> o.value() instanceof Quotas.Decision.Allowed).hasSize(10);
        assertThat(outcomes).filteredOn(o -> o.value() instanceof Quotas.Decision.RetryAfter).hasSize(30)
                .allMatch(o -> o.value().equals(new Quotas.Decision.RetryAfter(30)));
        Map<String, AttributeValue> counter = counterItem("hub_a");
        assertThat(counter.get("count").n()).as("refused uses are not counted").isEqualTo("10");
        assertThat(counter.get(TableDesign.TTL_ATTRIBUTE).n()).as("deleted once its window is over")
                .isEqualTo(Long.toString(Instant.parse("2026-12-03T10:18:00Z").getEpochSecond()));
    }

    @Test
    void anotherHubAndAnotherSubjectHaveTheirOwnCount() {
        for (int i = 0; i < 10; i++) {
            quotas.take("hub_a", TEN_A_MINUTE);
            quotas.take("hub_a", TEN_A_MINUTE, "cus_1");
        }

        assertThatThrownBy(() -> quotas.take("hub_a", TEN_A_MINUTE)).isInstanceOf(QuotaExceededException.class)
                .extracting(e -> ((QuotaExceededException) e).retryAfterSeconds()).isEqualTo(30L);
        assertThatThrownBy(() -> quotas.take("hub_a", TEN_A_MINUTE, "cus_1")).isInstanceOf(QuotaExceededException.class);
        assertThat(quotas.checkAndCount("hub_b", TEN_A_MINUTE, null)).isInstanceOf(Quotas.Decision.Allowed.class);
        assertThat(quotas.checkAndCount("hub_a", TEN_A_MINUTE, "cus_2")).isInstanceOf(Quotas.Decision.Allowed.class);
        assertThat(dynamo.sortKeys(table, "hub_b")).as("in the hub's own partition").allMatch(key -> key.startsWith("QUOTA#previews#"));
    }

    @Test
    void theNextWindowStartsAfresh() {
        for (int i = 0; i < 10; i++) {
            quotas.take("hub_a", TEN_A_MINUTE);
        }
        clock.advance(Duration.ofSeconds(29));
        assertThat(quotas.checkAndCount("hub_a", TEN_A_MINUTE, null)).isEqualTo(new Quotas.Decision.RetryAfter(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(quotas.checkAndCount("hub_a", TEN_A_MINUTE, null)).isInstanceOf(Quotas.Decision.Allowed.class);
    }

    private Map<String, AttributeValue> counterItem(String hubId) {
        List<Map<String, AttributeValue>> items = dynamo.partition(table, hubId);
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
