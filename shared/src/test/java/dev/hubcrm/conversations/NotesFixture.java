package dev.hubcrm.conversations;

import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.support.LocalDynamo;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** On a fresh table: the hub "Ferme" (Europe/Paris) with one customer, Ana (ana@example.com), another hub, and the notes service (no channel feeds). */
final class NotesFixture {
    final String table;
    final HubService hubs;
    final CustomerService customers;
    final NoteService notes;
    final String hubId;
    final String otherHubId;
    final String ana;

    NotesFixture(LocalDynamo dynamo, Clock clock) {
        table = dynamo.freshTable();
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        customers = new CustomerService(new DynamoCustomerRepository(dynamo.client(), table), hubs, clock);
        notes = new NoteService(new DynamoNoteRepository(dynamo.client(), table), new DynamoNoteSearchIndex(dynamo.client(), table),
                customers, hubs, NoteFeeds.NONE, clock);
        hubId = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        otherHubId = hubs.create(new NewHub("Autre", "EUR", "Europe/Paris")).hub().id();
        ana = customers.create(hubId, new CustomerDraft(CustomerType.PERSON, "ana@example.com", null, "Ana", null, null,
                List.of(), Map.of(), false, null, false)).id();
    }
}
