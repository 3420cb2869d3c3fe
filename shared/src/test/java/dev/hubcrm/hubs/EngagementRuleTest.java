package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tags a hub's engagement rules add for one reported event. */
class EngagementRuleTest {
    private static final String WINTER = "cmp_01J" + "W".repeat(23);
    private static final String SPRING = "cmp_01J" + "S".repeat(23);
    private static final List<EngagementRule> RULES = List.of(
            new EngagementRule("opened", null, "reader"),
            new EngagementRule("opened", WINTER, "winter/opened"),
            new EngagementRule("clicked", WINTER, "winter/clicked"),
            new EngagementRule("clicked", null, "reader"));

    @Test
    void aRuleOfAnyCampaignMatchesEveryCampaignAndACampaignsRuleOnlyItsOwn() {
        assertThat(EngagementRule.tagsFor(RULES, "opened", WINTER)).containsExactly("reader", "winter/opened");
        assertThat(EngagementRule.tagsFor(RULES, "opened", SPRING)).containsExactly("reader");
    }

    @Test
    void theEventMustBeTheRulesAndEachTagComesOnce() {
        assertThat(EngagementRule.tagsFor(RULES, "clicked", WINTER)).containsExactly("winter/clicked", "reader");
        assertThat(EngagementRule.tagsFor(RULES, "delivered", WINTER)).isEmpty();
        assertThat(EngagementRule.tagsFor(List.of(), "opened", WINTER)).isEmpty();
    }
}
