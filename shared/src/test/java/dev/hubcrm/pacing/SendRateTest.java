package dev.hubcrm.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rate from SES and configuration, each hub's share of it, and the platform's shards. */
class SendRateTest {
    @Test
    void aConfiguredRateLowerThanSesWinsAndAHigherOneDoesNot() {
        assertThat(SendRate.configured(100.0, "40", null).platformPerSecond()).isEqualTo(40);
        assertThat(SendRate.configured(14.0, "40", null).platformPerSecond()).isEqualTo(14);
        assertThat(SendRate.configured(14.0, null, null).platformPerSecond()).isEqualTo(14);
        assertThat(SendRate.configured(null, "40", null).platformPerSecond()).as("SES did not say").isEqualTo(40);
        assertThat(SendRate.configured(null, " ", null)).isEqualTo(new SendRate(SendRate.SES_DEFAULT_RATE, SendRate.DEFAULT_HUB_SHARE));
    }

    @Test
    void aHubsCampaignsTakeTheirShareAndAtLeastOneMailASecond() {
        assertThat(SendRate.configured(14.0, null, null).hubLimit()).isEqualTo(7);
        assertThat(SendRate.configured(100.0, null, "0.25").hubLimit()).isEqualTo(25);
        assertThat(SendRate.configured(1.0, null, "0.1").hubLimit()).isEqualTo(1);
        assertThat(SendRate.configured(14.5, null, "1").platformLimit()).as("a started mail counts whole").isEqualTo(14);
    }

    @Test
    void thePlatformsSecondIsSplitIntoShardsOfAtMost200TokensThatAddUpToTheRate() {
        assertThat(new SendRate(100, 1).platformShards()).isEqualTo(1);
        assertThat(new SendRate(200, 1).platformShards()).isEqualTo(1);
        SendRate busy = new SendRate(1001, 1);
        assertThat(busy.platformShards()).isEqualTo(6);
        assertThat(IntStream.range(0, 6).mapToLong(busy::shardLimit)).containsExactly(167L, 167L, 167L, 167L, 167L, 166L)
                .allMatch(limit -> limit <= SendRate.TOKENS_PER_SHARD);
    }

    @Test
    void aRateBelowOneAShareOutsideZeroToOneOrAWordIsRefused() {
        assertThatThrownBy(() -> new SendRate(0.5, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendRate(14, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendRate(14, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendRate(Double.NaN, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SendRate.configured(14.0, "fast", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fast'");
    }
}
