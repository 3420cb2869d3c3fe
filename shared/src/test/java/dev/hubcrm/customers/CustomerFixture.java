package dev.hubcrm.customers;

import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.FieldDefinition;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.HubSettings;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.hubs.StatusRules;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Real hub and customer services on a fresh table of DynamoDB Local, with a clock the test moves. */
final class CustomerFixture {
    final LocalDynamo dynamo;
    final String table;
    final MutableClock clock = MutableClock.at("2025-03-01T09:00:00Z");
    final HubService hubs;
    final DynamoCustomerRepository repository;
    final CustomerService customers;

    CustomerFixture(LocalDynamo dynamo) {
        this.dynamo = dynamo;
        this.table = dynamo.freshTable();
        this.hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        this.repository = new DynamoCustomerRepository(dynamo.client(), table);
        this.customers = new CustomerService(repository, hubs, clock);
    }

    /** A new hub with the default status rules and no custom fields. */
    String newHub() {
        return hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
    }

    String newHub(StatusRules rules, List<FieldDefinition> fields) {
        String hubId = newHub();
        setUp(hubId, rules, fields);
        return hubId;
    }

    void setUp(String hubId, StatusRules rules, List<FieldDefinition> fields) {
        hubs.update(hubId, s -> new HubSettings(s.name(), s.timezone(), s.senderEmail(), rules, fields, s.wallet(), s.engagementRules()));
    }

    Customer create(String hubId, Drafts draft) {
        return customers.create(hubId, draft.build());
    }

    /** Every item of the hub's partition whose sort key starts with {@code prefix}. */
    List<Map<String, AttributeValue>> items(String hubId, String prefix) {
        return dynamo.partition(table, hubId).stream().filter(item -> item.get("SK").s().startsWith(prefix)).toList();
    }

    /** The status log of one customer, oldest first. */
    List<Map<String, AttributeValue>> statusLog(String hubId, String customerId) {
        return items(hubId, "STATUS#" + customerId + "#");
    }

    List<String> keys(String hubId) {
        return dynamo.sortKeys(table, hubId);
    }

    static String attr(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
