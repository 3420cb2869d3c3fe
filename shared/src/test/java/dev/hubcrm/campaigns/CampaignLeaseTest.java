package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The claim lease as the stack's environment configures it (ADR 20): seconds, above 0, else five minutes. */
class CampaignLeaseTest {
    @Test
    void unsetOrBlankIsFiveMinutes() {
        assertThat(CampaignSending.configuredLease(null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(CampaignSending.configuredLease(" ")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void wholeSecondsAreTheLease() {
        assertThat(CampaignSending.configuredLease(" 2 ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(CampaignSending.configuredLease("300")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void zeroNegativeFractionalOrTextIsRefusedNamingTheValue() {
        for (String value : new String[] {"0", "-5", "1.5", "PT5M"}) {
            assertThatThrownBy(() -> CampaignSending.configuredLease(value)).as(value)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + value + "'");
        }
    }
}
