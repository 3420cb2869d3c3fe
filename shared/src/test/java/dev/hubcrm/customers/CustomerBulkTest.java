package dev.hubcrm.customers;

import static dev.hubcrm.customers.CustomerFixture.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.BulkResult.Outcome;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.support.LocalDynamo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tags and status for many customers at once, on DynamoDB Local: an outcome per id, nothing half-applied. */
class CustomerBulkTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();

    private CustomerFixture f;
    private CustomerBulk bulk;
    private String hub;

    @BeforeEach
    void freshHub() {
        f = new CustomerFixture(dynamo);
        bulk = new CustomerBulk(f.customers, new Quotas(new DynamoQuotaCounter(dynamo.client(), f.table), f.clock));
        hub = f.newHub();
    }

    private Customer create(String hubId, int i, String... tags) {
        return f.create(hubId, Drafts.person().firstName("P" + i).email("p" + i + "@example.com").tags(tags));
    }

    private List<String> taggedWith(String hubId, String tag) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var page = f.customers.list(hubId, CustomerFilter.of(List.of(tag), null, null, null), new PageRequest(200, cursor));
            page.items().forEach(c -> ids.add(c.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private static List<String> errorFields(Runnable action) {
        ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
        assertThat(e).as("a ValidationException").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aCustomerThatFailsUnexpectedlyIsNamedFailedAndTheOthersAreChanged() {
        Customer readable = create(hub, 1);
        Customer unreadable = create(hub, 2);
        // A creation time that is no time: reading this customer fails, as any unexpected error would.
        f.dynamo.client().updateItem(r -> r.tableName(f.table)
                .key(Map.of("PK", AttributeValue.fromS("HUB#" + hub), "SK", AttributeValue.fromS("CUST#" + unreadable.id())))
                .updateExpression("SET createdAt = :unreadable")
                .expressionAttributeValues(Map.of(":unreadable", AttributeValue.fromS("not-a-time"))));

        List<BulkResult> results = bulk.apply(hub, new BulkChange(List.of(unreadable.id(), readable.id()), List.of("checked"),
                List.of(), null));

        assertThat(results).extracting(BulkResult::id, BulkResult::outcome)
                .containsExactly(tuple(unreadable.id(), Outcome.FAILED), tuple(readable.id(), Outcome.UPDATED));
        assertThat(results.get(0).errors()).singleElement().satisfies(error -> assertThat(error.message()).contains("retry"));
        assertThat(f.customers.get(hub, readable.id()).tags()).containsExactly("checked");
    }

    @Test
    void tagsAndStatusChangeForEveryKnownIdAndUnknownOnesAreNamed() {
        List<Customer> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(i % 2 == 0 ? create(hub, i, "retail", "old") : create(hub, i, "retail"));
        }
        Customer untouched = create(hub, 99, "old");
        String otherHub = f.newHub();
        Customer foreign = create(otherHub, 1, "old");

        List<String> ids = new ArrayList<>(fifty.stream().map(Customer::id).toList());
        List<String> unknown = List.of(Ids.newId("cus"), Ids.newId("cus"), "not-an-id");
        ids.addAll(1, unknown);
        ids.add(foreign.id());
        Collections.shuffle(ids, new Random(7));

        List<BulkResult> results = bulk.apply(hub, new BulkChange(ids, List.of(" Wholesale / Cafes "), List.of("OLD"), CustomerStatus.VIP));

        assertThat(results).extracting(BulkResult::id).as("one result per id, in the order asked").containsExactlyElementsOf(ids);
        Map<Outcome, List<String>> byOutcome = results.stream()
                .collect(Collectors.groupingBy(BulkResult::outcome, Collectors.mapping(BulkResult::id, Collectors.toList())));
        assertThat(byOutcome.keySet()).containsExactlyInAnyOrder(Outcome.UPDATED, Outcome.NOT_FOUND);
        assertThat(byOutcome.get(Outcome.UPDATED)).containsExactlyInAnyOrderElementsOf(fifty.stream().map(Customer::id).toList());
        assertThat(byOutcome.get(Outcome.NOT_FOUND)).containsExactlyInAnyOrder(unknown.get(0), unknown.get(1), unknown.get(2),
                foreign.id());
        assertThat(results).allSatisfy(r -> assertThat(r.errors()).isEmpty());

        Map<String, List<Map<String, AttributeValue>>> logs = f.items(hub, "STATUS#").stream()
                .collect(Collectors.groupingBy(item -> attr(item, "customerId")));
        assertThat(logs).hasSize(50);
        for (Customer before : fifty) {
            Customer after = f.customers.get(hub, before.id());
            assertThat(after.tags()).as(before.firstName()).containsExactly("retail", "wholesale/cafes");
            assertThat(after.status()).isEqualTo(CustomerStatus.VIP);
            assertThat(after.statusPinned()).as("a status set in bulk is pinned").isTrue();
            assertThat(after.version()).as("one write per customer").isEqualTo(2);
            assertThat(logs.get(before.id())).as(before.firstName()).singleElement().satisfies(item -> {
                assertThat(attr(item, "cause")).isEqualTo("bulk");
                assertThat(attr(item, "from")).isEqualTo("lead");
                assertThat(attr(item, "to")).isEqualTo("vip");
            });
        }
        assertThat(taggedWith(hub, "wholesale/cafes")).containsExactlyInAnyOrderElementsOf(fifty.stream().map(Customer::id).toList());
        assertThat(taggedWith(hub, "wholesale/")).hasSize(50);
        assertThat(taggedWith(hub, "old")).containsExactly(untouched.id());
        assertThat(f.customers.get(hub, untouched.id())).isEqualTo(untouched);
        assertThat(f.customers.get(otherHub, foreign.id())).as("another hub's customer is untouched").isEqualTo(foreign);
        assertThat(taggedWith(otherHub, "wholesale/cafes")).isEmpty();
        assertThat(f.items(otherHub, "STATUS#")).isEmpty();
    }

    @Test
    void aCustomerThatWouldHaveTooManyTagsIsInvalidAndUnchangedWhileTheOthersAreUpdated() {
        Customer full = create(hub, 0, IntStream.range(0, 39).mapToObj(i -> "t" + i).toArray(String[]::new));
        Customer a = create(hub, 1, "retail");
        Customer b = create(hub, 2);

        List<BulkResult> results = bulk.apply(hub, new BulkChange(List.of(a.id(), full.id(), b.id()), List.of("x", "y"), List.of(),
                CustomerStatus.CUSTOMER));

        assertThat(results).extracting(BulkResult::id, BulkResult::outcome).containsExactly(
                tuple(a.id(), Outcome.UPDATED),
                tuple(full.id(), Outcome.INVALID),
                tuple(b.id(), Outcome.UPDATED));
        assertThat(results.get(1).errors()).extracting(FieldError::field).containsExactly("tags");
        assertThat(f.customers.get(hub, full.id())).as("neither the tags nor the status half-applied").isEqualTo(full);
        assertThat(f.statusLog(hub, full.id())).isEmpty();
        assertThat(f.customers.get(hub, a.id()).tags()).containsExactly("retail", "x", "y");
        assertThat(f.customers.get(hub, b.id()).tags()).containsExactly("x", "y");
        assertThat(f.customers.get(hub, b.id()).status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(taggedWith(hub, "x")).containsExactlyInAnyOrder(a.id(), b.id());
    }

    @Test
    void tagsOnlyLeaveTheStatusAndItsPinAlone() {
        Customer ann = create(hub, 0, "retail");
        List<BulkResult> results = bulk.apply(hub, new BulkChange(List.of(ann.id(), ann.id()), List.of(), List.of("retail"), null));
        assertThat(results).as("a repeated id is one result").singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.UPDATED));
        Customer after = f.customers.get(hub, ann.id());
        assertThat(after.tags()).isEmpty();
        assertThat(after.status()).isEqualTo(CustomerStatus.LEAD);
        assertThat(after.statusPinned()).isFalse();
        assertThat(after.version()).isEqualTo(2);
        assertThat(f.statusLog(hub, ann.id())).isEmpty();
        assertThat(taggedWith(hub, "retail")).isEmpty();
    }

    @Test
    void aStatusSetInBulkPinsItEvenWhenItIsAlreadyTheStatus() {
        Customer ann = create(hub, 0);
        Customer byRule = f.customers.recordOrder(hub, ann.id(), "o-1", 2500L, f.clock.instant()).customer();
        assertThat(byRule.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(byRule.statusPinned()).isFalse();

        List<BulkResult> results = bulk.apply(hub, new BulkChange(List.of(ann.id()), null, null, CustomerStatus.CUSTOMER));
        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.UPDATED));
        Customer after = f.customers.get(hub, ann.id());
        assertThat(after.status()).isEqualTo(CustomerStatus.CUSTOMER);
        assertThat(after.statusPinned()).as("a bulk status is a decision by hand").isTrue();
        assertThat(f.statusLog(hub, ann.id())).as("no change of status, nothing more logged").extracting(item -> attr(item, "cause"))
                .containsExactly("rule:leadToCustomer");
    }

    @Test
    void aBulkActionNeedsIdsAndSomethingToDo() {
        Customer ann = create(hub, 0, "retail");
        List<String> one = List.of(ann.id());

        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(null, List.of("x"), null, null)))).containsExactly("ids");
        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(List.of(), List.of("x"), null, null)))).containsExactly("ids");
        List<String> tooMany = IntStream.range(0, CustomerBulk.MAX_IDS + 1).mapToObj(i -> "id" + i).toList();
        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(tooMany, List.of("x"), null, null)))).containsExactly("ids");
        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(one, null, null, null)))).as("nothing to do").hasSize(1);
        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(one, List.of(), List.of(), null)))).as("nothing to do").hasSize(1);
        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(one, List.of("ok", "bad#tag"), List.of("  "), null))))
                .containsExactlyInAnyOrder("addTags[1]", "removeTags[0]");

        assertThat(f.customers.get(hub, ann.id())).as("a refused bulk action changes nothing").isEqualTo(ann);
    }

    @Test
    void anEmptySegmentIsABulkActionOnNobodyNotAMissingIdsError() {
        assertThat(bulk.apply(hub, new BulkChange(List.of(), List.of("x"), null, null, "seg_01JAAAAAAAAAAAAAAAAAAAAAAA"))).isEmpty();
        assertThat(errorFields(() -> bulk.apply(hub, new BulkChange(List.of(), List.of(), null, null, "seg_01JAAAAAAAAAAAAAAAAAAAAAAA"))))
                .as("still something to do").containsExactly("addTags");
    }
}
