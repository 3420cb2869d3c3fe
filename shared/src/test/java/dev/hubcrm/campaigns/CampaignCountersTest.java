package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.messages.Message;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A campaign's counts on its counter items (ADR 34): spread by customer, summed on every read, finished once at 0 pending. */
class CampaignCountersTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-12-04T09:00:00Z");
    private DynamoCampaignRepository campaigns;
    private String table;
    private final String hubId = "hub_01JCOUNTERS";
    private Campaign campaign;
    private List<String> customerIds;

    @BeforeEach
    void aSendingCampaignWithFortyRecipients() {
        table = dynamo.freshTable();
        campaigns = new DynamoCampaignRepository(dynamo.client(), table);
        campaign = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Winter", "seg_1", "Hello", "Hi", null, CampaignStatus.DRAFT,
                CampaignStats.NONE, null, false, null, null, clock.instant(), clock.instant(), 1);
        campaigns.create(hubId, campaign);
        assertThat(campaigns.startSending(hubId, campaign, clock.instant())).isTrue();
        customerIds = IntStream.range(0, 40).mapToObj(i -> Ids.newId("cus")).toList();
        assertThat(campaigns.addRecipients(hubId, campaign.id(), customerIds, clock.instant())).isTrue();
        assertThat(campaigns.advanceSnapshot(hubId, campaign.id(), null, null, clock.instant())).isTrue();
    }

    private void send(String customerId) {
        assertThat(campaigns.claim(hubId, campaign.id(), customerId, clock.instant(), clock.instant().plusSeconds(300)))
                .isEqualTo(CampaignRepository.Claim.CLAIMED);
        campaigns.recordSent(hubId, campaign.id(), customerId, new Message(Ids.newId(Message.ID_PREFIX), customerId, Message.EMAIL,
                CampaignSending.TEMPLATE, "Hello", "ses-" + customerId, Message.SENT, clock.instant(), campaign.id()));
    }

    private List<Map<String, AttributeValue>> counterItems() {
        return dynamo.client().query(r -> r.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("HUB#" + hubId),
                        ":prefix", AttributeValue.fromS(DynamoCampaignRepository.COUNTER_PREFIX + campaign.id() + "#")))).items();
    }

    @Test
    void countsSpreadOverCounterItemsAndEveryReadShowsTheirSum() {
        customerIds.subList(0, 30).forEach(this::send);
        campaigns.recordNotSent(hubId, campaign.id(), customerIds.get(30), RecipientStatus.FAILED, "MessageRejected", clock.instant());

        assertThat(counterItems()).hasSizeGreaterThan(4).allSatisfy(counter ->
                assertThat(Long.parseLong(counter.get("pending").n())).as("a shard counts its own recipients").isNotNegative());
        CampaignStats stats = campaigns.find(hubId, campaign.id()).orElseThrow().stats();
        assertThat(List.of(stats.recipients(), stats.sent(), stats.failed())).containsExactly(40L, 30L, 1L);
        assertThat(campaigns.list(hubId, new PageRequest(10, null)).items()).singleElement()
                .satisfies(listed -> assertThat(listed.stats()).isEqualTo(stats));
    }

    @Test
    void theCampaignIsFinishedOnlyWhenNothingIsPendingOnAnyCounterAndOnlyOnce() {
        customerIds.subList(0, 39).forEach(this::send);

        assertThat(campaigns.finishIfDone(hubId, campaign.id(), clock.instant())).isFalse();
        assertThat(campaigns.find(hubId, campaign.id()).orElseThrow().status()).isEqualTo(CampaignStatus.SENDING);

        send(customerIds.get(39));

        assertThat(campaigns.finishIfDone(hubId, campaign.id(), clock.instant())).isTrue();
        assertThat(campaigns.finishIfDone(hubId, campaign.id(), clock.instant())).isFalse();
        Campaign sent = campaigns.find(hubId, campaign.id()).orElseThrow();
        assertThat(sent.status()).isEqualTo(CampaignStatus.SENT);
        assertThat(sent.stats().sent()).isEqualTo(40);
    }

    @Test
    void countsKeptOnTheCampaignItemBeforeCounterItemsStillCount() {
        dynamo.client().updateItem(r -> r.tableName(table).key(DynamoCampaignRepository.campaignKey(hubId, campaign.id()))
                .updateExpression("ADD statSent :five, statOpened :two").expressionAttributeValues(Map.of(":five", AttributeValue.fromN("5"),
                        ":two", AttributeValue.fromN("2"))));
        send(customerIds.get(0));

        CampaignStats stats = campaigns.find(hubId, campaign.id()).orElseThrow().stats();
        assertThat(List.of(stats.sent(), stats.opened())).containsExactly(6L, 2L);
    }

    @Test
    void aClaimRefusedSaysWhetherTheRecipientIsFinishedOrHeld() {
        String held = customerIds.get(0);
        String sent = customerIds.get(1);
        campaigns.claim(hubId, campaign.id(), held, clock.instant(), clock.instant().plusSeconds(300));
        send(sent);

        assertThat(campaigns.claim(hubId, campaign.id(), held, clock.instant(), clock.instant().plusSeconds(300)))
                .isEqualTo(CampaignRepository.Claim.HELD);
        assertThat(campaigns.claim(hubId, campaign.id(), sent, clock.instant(), clock.instant().plusSeconds(300)))
                .isEqualTo(CampaignRepository.Claim.FINISHED);
        assertThat(campaigns.claim(hubId, campaign.id(), "cus_NEVERRECORDED", clock.instant(), clock.instant().plusSeconds(300)))
                .isEqualTo(CampaignRepository.Claim.FINISHED);
        clock.advance(Duration.ofSeconds(301));
        assertThat(campaigns.claim(hubId, campaign.id(), held, clock.instant(), clock.instant().plusSeconds(300)))
                .isEqualTo(CampaignRepository.Claim.CLAIMED);
    }
}
