package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many of a batch's tasks an invocation runs at once (ADR 27, amended): one second of its part of the hub's tokens. */
class CampaignBatchTest {
    @Test
    void atOneHundredMailsASecondEachOfTwoInvocationsRunsFiftyAtOnce() {
        assertThat(CampaignBatch.atOnce(100, 2, 100)).isEqualTo(50);
        assertThat(CampaignBatch.atOnce(101, 2, 100)).isEqualTo(51);
    }

    @Test
    void atLowRatesTenRunAtOnceAsBeforeAndNeverMoreThanTheBatch() {
        assertThat(CampaignBatch.atOnce(14, 2, 100)).isEqualTo(CampaignBatch.MIN_AT_ONCE);
        assertThat(CampaignBatch.atOnce(1, 2, 100)).isEqualTo(CampaignBatch.MIN_AT_ONCE);
        assertThat(CampaignBatch.atOnce(1_000, 2, 100)).isEqualTo(100);
        assertThat(CampaignBatch.atOnce(100, 2, 3)).isEqualTo(3);
    }
}
