package dev.hubcrm.timeline;

import dev.hubcrm.config.AppContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.conversations.DynamoChannelRepository;
import dev.hubcrm.conversations.DynamoNoteRepository;
import dev.hubcrm.conversations.DynamoNoteSearchIndex;
import dev.hubcrm.conversations.Note;
import dev.hubcrm.conversations.NoteDraft;
import dev.hubcrm.conversations.NoteKind;
import dev.hubcrm.conversations.NoteService;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.messages.DynamoMessageRepository;
import dev.hubcrm.messages.MessageHistory;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import dev.hubcrm.wallet.DynamoWalletRepository;
import dev.hubcrm.wallet.LocalCheckoutGateway;
import dev.hubcrm.wallet.PortalLinks;
import dev.hubcrm.wallet.WalletService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The timeline on DynamoDB Local: five histories merged newest first, page by page, nothing lost or repeated. */
class TimelineTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-01-05T09:00:00Z");

    @Test
    void everyEventOfEveryHistoryComesOnceNewestFirstWhateverThePageSize() {
        String table = dynamo.freshTable();
        HubService hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        DynamoCustomerRepository customerRepository = new DynamoCustomerRepository(dynamo.client(), table);
        CustomerService customers = new CustomerService(customerRepository, hubs, clock);
        DynamoWalletRepository walletRepository = new DynamoWalletRepository(dynamo.client(), table);
        WalletService wallets = new WalletService(walletRepository, hubs, customers, new LocalCheckoutGateway(AppContext.LOCAL_BASE_URL),
                new PortalLinks(() -> "portal-secret", () -> AppContext.LOCAL_BASE_URL),
                new Quotas(new DynamoQuotaCounter(dynamo.client(), table), clock), clock);
        DynamoMessageRepository messageRepository = new DynamoMessageRepository(dynamo.client(), table);
        MessageHistory messages = new MessageHistory(messageRepository, customers);
        DynamoNoteRepository noteRepository = new DynamoNoteRepository(dynamo.client(), table);
        NoteService notes = new NoteService(noteRepository, new DynamoNoteSearchIndex(dynamo.client(), table), customers, hubs,
                (hub, note) -> { }, clock);
        Timeline timeline = new Timeline(customers, customerRepository, walletRepository, messageRepository, noteRepository,
                new DynamoChannelRepository(dynamo.client(), table));
        String hubId = hubs.create(new NewHub("Ferme", "EUR", "Europe/Paris")).hub().id();
        String otherHubId = hubs.create(new NewHub("Autre", "EUR", "Europe/Paris")).hub().id();
        String ana = customers.create(hubId, new CustomerDraft(CustomerType.PERSON, "ana@example.com", null, "Ana", null, null,
                List.of(), Map.of(), false, null, false)).id();
        for (int i = 1; i <= 4; i++) {
            clock.advance(Duration.ofHours(5));
            wallets.adjust(hubId, ana, 1_000L, "credit " + i);
            clock.advance(Duration.ofHours(5));
            customers.recordOrder(hubId, ana, "order-" + i, 500L, clock.instant().minus(Duration.ofHours(1)));
            clock.advance(Duration.ofHours(5));
            messages.emailSent(hubId, ana, "low-balance-reminder", "Reminder " + i, "ses-" + i, clock.instant());
            clock.advance(Duration.ofHours(1));
            notes.create(hubId, ana, new NoteDraft(NoteKind.MEETING, "Met Ana, round " + i, "Lou", null, false));
        }

        List<TimelineEvent> whole = timeline.of(hubId, ana, new PageRequest(PageRequest.MAX_LIMIT, null)).items();
        List<TimelineEvent> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<TimelineEvent> page = timeline.of(hubId, ana, new PageRequest(3, cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            paged.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 20);

        // 4 credits, 4 orders, 4 messages, 4 notes and the one status change (lead -> customer at the first order)
        assertThat(whole).hasSize(17);
        assertThat(whole).extracting(TimelineEvent::at).isSortedAccordingTo(Comparator.<Instant>reverseOrder());
        assertThat(whole).filteredOn(e -> e.kind() == TimelineEvent.Kind.STATUS_CHANGE).hasSize(1);
        assertThat(whole.getFirst().kind()).isEqualTo(TimelineEvent.Kind.NOTE);
        assertThat(whole).filteredOn(e -> e.kind() == TimelineEvent.Kind.NOTE).extracting(e -> ((Note) e.detail()).body())
                .containsExactly("Met Ana, round 4", "Met Ana, round 3", "Met Ana, round 2", "Met Ana, round 1");
        assertThat(paged).isEqualTo(whole);
        assertThatThrownBy(() -> timeline.of(hubId, ana, new PageRequest(3, "bm90LW91cnM"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> timeline.of(otherHubId, ana, new PageRequest(3, null))).isInstanceOf(NotFoundException.class);
    }
}
