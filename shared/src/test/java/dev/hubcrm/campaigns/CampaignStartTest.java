package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.Ids;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.events.OutboxEvent;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code campaign.started} is written by the first snapshot step, so a start undone before any step publishes nothing. */
class CampaignStartTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-12-04T09:00:00Z");
    private final String table = dynamo.freshTable();
    private final DynamoCampaignRepository campaigns = new DynamoCampaignRepository(dynamo.client(), table);
    private final String hubId = "hub_01JSTART";

    @Test
    void aStartUndoneBeforeItsFirstStepLeavesNoEventAndTheNextStartOneOnly() {
        Campaign draft = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Winter", "seg_1", "Hello", "Hi", null, CampaignStatus.DRAFT,
                CampaignStats.NONE, null, false, null, null, clock.instant(), clock.instant(), 1);
        campaigns.create(hubId, draft);

        assertThat(campaigns.startSending(hubId, draft, clock.instant())).isTrue();
        campaigns.undoStart(hubId, draft.id(), clock.instant());

        Campaign undone = campaigns.find(hubId, draft.id()).orElseThrow();
        assertThat(undone.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(DynamoOutbox.kept(dynamo.client(), table, hubId)).isEmpty();
        assertThat(campaigns.advanceSnapshot(hubId, draft.id(), null, null, clock.instant()))
                .as("a step of the undone start that arrives late records nothing").isFalse();
        assertThat(DynamoOutbox.kept(dynamo.client(), table, hubId)).isEmpty();

        assertThat(campaigns.startSending(hubId, undone, clock.instant())).isTrue();
        assertThat(campaigns.advanceSnapshot(hubId, draft.id(), null, null, clock.instant())).isTrue();

        assertThat(DynamoOutbox.kept(dynamo.client(), table, hubId)).extracting(OutboxEvent::detailType).containsExactly("campaign.started");
    }
}
