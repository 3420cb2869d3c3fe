package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerEngagement.Outcome;
import dev.hubcrm.hubs.EngagementRule;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.support.LocalDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engagement recorded on the customer item and the hub's rules' tags, once, on DynamoDB Local. */
class CustomerEngagementTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private static final String WINTER = "cmp_01J" + "W".repeat(23);
    private static final String SPRING = "cmp_01J" + "S".repeat(23);

    private CustomerFixture fixture;
    private CustomerEngagement engagement;
    private String hubId;

    @BeforeEach
    void aHubWithRules() {
        fixture = new CustomerFixture(dynamo);
        engagement = new CustomerEngagement(fixture.repository, fixture.hubs, fixture.clock);
        hubId = fixture.newHub();
        fixture.hubs.update(hubId, s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), s.statusRules(), s.fields(), s.wallet(),
                List.of(new EngagementRule("opened", null, "Reader"), new EngagementRule("clicked", WINTER, "winter/clicked"))));
    }

    private List<String> taggedIds(String tag) {
        return fixture.customers.list(hubId, CustomerFilter.of(List.of(tag), null, null, null), new PageRequest(50, null)).items()
                .stream().map(Customer::id).toList();
    }

    @Test
    void anOpenIsRecordedOnTheCustomerWithTheRulesTagInTheTagIndex() {
        Customer ann = fixture.create(hubId, Drafts.person().tags("vip"));
        assertThat(engagement.record(hubId, ann.id(), WINTER, "opened")).isEqualTo(Outcome.RECORDED);
        Customer stored = fixture.customers.get(hubId, ann.id());
        assertThat(stored.engagement().has("opened", WINTER)).isTrue();
        assertThat(stored.tags()).containsExactly("vip", "reader");
        assertThat(stored.version()).isEqualTo(ann.version() + 1);
        assertThat(taggedIds("reader")).as("the list filter finds the rule's tag").containsExactly(ann.id());
        assertThat(engagement.record(hubId, ann.id(), SPRING, "clicked")).as("a rule of another campaign adds nothing")
                .isEqualTo(Outcome.RECORDED);
        assertThat(fixture.customers.get(hubId, ann.id()).tags()).containsExactly("vip", "reader");
        assertThat(engagement.record(hubId, ann.id(), WINTER, "clicked")).isEqualTo(Outcome.RECORDED);
        assertThat(fixture.customers.get(hubId, ann.id()).tags()).containsExactly("vip", "reader", "winter/clicked");
    }

    @Test
    void aRepeatedEventWritesNothingEvenAfterTheHubRemovedTheTag() {
        Customer ann = fixture.create(hubId, Drafts.person());
        engagement.record(hubId, ann.id(), WINTER, "opened");
        Customer untagged = fixture.customers.update(hubId, ann.id(), c -> c.draft().withTags(List.of()), ExpectedVersion.ANY, "test");
        assertThat(engagement.record(hubId, ann.id(), WINTER, "opened")).isEqualTo(Outcome.REPEATED);
        Customer stored = fixture.customers.get(hubId, ann.id());
        assertThat(stored.version()).isEqualTo(untagged.version());
        assertThat(stored.tags()).isEmpty();
        assertThat(taggedIds("reader")).isEmpty();
    }

    @Test
    void aCustomerWithoutRoomForTheTagStillHasTheEngagement() {
        List<String> full = new ArrayList<>(IntStream.range(0, CustomerRules.MAX_TAGS).mapToObj(i -> "t" + i).toList());
        Customer ann = fixture.create(hubId, Drafts.person().tags(full));
        assertThat(engagement.record(hubId, ann.id(), WINTER, "opened")).isEqualTo(Outcome.RECORDED);
        Customer stored = fixture.customers.get(hubId, ann.id());
        assertThat(stored.tags()).containsExactlyElementsOf(full);
        assertThat(stored.engagement().has("opened", null)).isTrue();
    }

    @Test
    void complaintsAndMissingCustomersAreIgnored() {
        Customer ann = fixture.create(hubId, Drafts.person());
        assertThat(engagement.record(hubId, ann.id(), WINTER, "complained")).isEqualTo(Outcome.IGNORED);
        assertThat(engagement.record(hubId, "cus_01J" + "X".repeat(23), WINTER, "opened")).isEqualTo(Outcome.IGNORED);
        assertThat(engagement.record(fixture.newHub(), ann.id(), WINTER, "opened")).as("another hub's customer").isEqualTo(Outcome.IGNORED);
        assertThat(fixture.customers.get(hubId, ann.id()).version()).isEqualTo(ann.version());
    }
}
