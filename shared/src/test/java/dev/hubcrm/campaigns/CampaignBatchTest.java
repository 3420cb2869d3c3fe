package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many of a batch's tasks an invocation runs at once (ADR 27, amended): two seconds of its part of the hub's tokens. */
class CampaignBatchTest {
    @Test
    void atFiftyMailsASecondEachOfTwoInvocationsRunsFiftyAtOnceAndAtOneHundredItsWholeBatch() {
        assertThat(CampaignBatch.atOnce(50, 2, 100)).isEqualTo(50);
        assertThat(CampaignBatch.atOnce(51, 2, 100)).isEqualTo(51);
        assertThat(CampaignBatch.atOnce(100, 2, 100)).isEqualTo(100);
    }

    @Test
    void atLowRatesAtLeastTenRunAtOnceAndNeverMoreThanTheBatch() {
        assertThat(CampaignBatch.atOnce(14, 2, 100)).isEqualTo(14);
        assertThat(CampaignBatch.atOnce(9, 2, 100)).isEqualTo(CampaignBatch.MIN_AT_ONCE);
        assertThat(CampaignBatch.atOnce(1, 2, 100)).isEqualTo(CampaignBatch.MIN_AT_ONCE);
        assertThat(CampaignBatch.atOnce(1_000, 2, 100)).isEqualTo(100);
        assertThat(CampaignBatch.atOnce(100, 2, 3)).isEqualTo(3);
    }
}
