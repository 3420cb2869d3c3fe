package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The engagement summary on a customer: per event, the campaigns it happened with, bounded. */
class EngagementsTest {
    private static String campaign(int n) {
        return "cmp_01J" + String.format("%023d", n);
    }

    @Test
    void anEventIsHadWithItsCampaignAndWithAnyCampaign() {
        Engagements opened = Engagements.NONE.with("opened", campaign(1));
        assertThat(opened.has("opened", campaign(1))).isTrue();
        assertThat(opened.has("opened", null)).as("any campaign").isTrue();
        assertThat(opened.has("opened", campaign(2))).isFalse();
        assertThat(opened.has("clicked", null)).isFalse();
        assertThat(Engagements.NONE.has("opened", null)).isFalse();
        assertThat(Engagements.NONE.isEmpty()).isTrue();
        assertThat(opened.isEmpty()).isFalse();
    }

    @Test
    void recordingTheSameEventAgainChangesNothing() {
        Engagements once = Engagements.NONE.with("clicked", campaign(1));
        assertThat(once.with("clicked", campaign(1))).isSameAs(once);
    }

    @Test
    void keepsTheLatestCampaignsOfAnEventAndForgetsTheOldest() {
        Engagements engagements = Engagements.NONE;
        for (int i = 1; i <= Engagements.MAX_CAMPAIGNS_PER_EVENT + 3; i++) {
            engagements = engagements.with("delivered", campaign(i)).with("opened", campaign(1));
        }
        assertThat(engagements.campaignsByEvent().get("delivered")).hasSize(Engagements.MAX_CAMPAIGNS_PER_EVENT)
                .containsExactlyElementsOf(IntStream.rangeClosed(4, Engagements.MAX_CAMPAIGNS_PER_EVENT + 3).mapToObj(EngagementsTest::campaign).toList());
        assertThat(engagements.has("delivered", campaign(3))).as("the oldest is forgotten").isFalse();
        assertThat(engagements.has("delivered", null)).isTrue();
        assertThat(engagements.campaignsByEvent().get("opened")).as("other events keep theirs").containsExactly(campaign(1));
    }

    @Test
    void onlyTheEventsSegmentsReadAreRecorded() {
        assertThatThrownBy(() -> Engagements.NONE.with("complained", campaign(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
