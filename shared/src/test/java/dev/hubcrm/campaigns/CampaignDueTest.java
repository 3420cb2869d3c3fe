package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CampaignDueTest {
    private static final Instant NOW = Instant.parse("2026-12-03T21:17:42.123Z");

    @Test
    void aCampaignIsIndexedUnderItsUtcHourAndAStableShard() {
        String bucket = CampaignDue.bucket(Instant.parse("2026-12-03T21:59:59Z"), "hub_a", "cmp_1");

        assertThat(bucket).matches("DUE#2026-12-03T21#[0-3]");
        assertThat(CampaignDue.bucket(Instant.parse("2026-12-03T21:00:00Z"), "hub_a", "cmp_1")).isEqualTo(bucket);
        assertThat(CampaignDue.bucket(Instant.parse("2026-12-03T22:00:00Z"), "hub_a", "cmp_1")).startsWith("DUE#2026-12-03T22#");
    }

    @Test
    void campaignsOfOneHubAndOneHourSpreadOverEveryShard() {
        Set<String> buckets = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            buckets.add(CampaignDue.bucket(NOW, "hub_a", "cmp_" + i));
        }

        assertThat(buckets).hasSize(CampaignDue.SHARDS);
    }

    @Test
    void theSweepReadsEveryShardOfEachHourOfTheLookbackUpToNow() {
        List<String> buckets = CampaignDue.buckets(NOW);

        long hours = CampaignDue.LOOKBACK.toHours() + 1;
        assertThat(buckets).hasSize((int) hours * CampaignDue.SHARDS).doesNotHaveDuplicates();
        assertThat(buckets.getFirst()).isEqualTo("DUE#2026-12-02T21#0");
        assertThat(buckets.getLast()).isEqualTo("DUE#2026-12-03T21#" + (CampaignDue.SHARDS - 1));
        assertThat(buckets).as("a campaign due now, or an hour ago, is read")
                .contains(CampaignDue.bucket(NOW, "hub_a", "cmp_1"), CampaignDue.bucket(NOW.minusSeconds(3600), "hub_b", "cmp_2"))
                .doesNotContain(CampaignDue.bucket(NOW.plusSeconds(3600), "hub_a", "cmp_1"));
    }

    @Test
    void theSortKeyOrdersInstantsAsTextDoes() {
        Instant whole = Instant.parse("2026-12-03T21:00:00Z");
        Instant later = Instant.parse("2026-12-03T21:00:00.500Z");

        assertThat(CampaignDue.dueAt(whole)).isLessThan(CampaignDue.dueAt(later));
        assertThat(whole.toString()).as("what ISO text would get wrong").isGreaterThan(later.toString());
    }
}
