package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inbound mail on DynamoDB Local: one note or inbox mail per Message-ID and hub, and assigning out of the inbox. */
class InboundMailServiceTest {
    private static final String DOMAIN = "inbound.example.com";
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    private final MutableClock clock = MutableClock.at("2026-12-03T09:00:00Z");
    private NotesFixture fixture;
    private InboundMailService inbound;

    @BeforeEach
    void hubWithACustomer() {
        fixture = new NotesFixture(dynamo, clock);
        inbound = new InboundMailService(new DynamoInboundMailRepository(dynamo.client(), fixture.table), fixture.notes,
                new DynamoNoteSearchIndex(dynamo.client(), fixture.table), fixture.customers, fixture.hubs, DOMAIN, clock);
    }

    private static byte[] mail(String from, String messageId, String text) {
        return ("From: " + from + "\r\nTo: someone@example.com\r\nSubject: Crème\r\nMessage-ID: " + messageId
                + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    private String address() {
        return InboundAddress.of(fixture.hubId, DOMAIN);
    }

    @Test
    void theSameMessageIdDeliveredTwiceMakesOneEmailNote() {
        byte[] raw = mail("Ana <ANA@example.com>", "<one@example.com>", "Deux pots, merci");

        List<InboundMailService.Delivery> first = inbound.receive(raw, List.of(address()));
        List<InboundMailService.Delivery> again = inbound.receive(raw, List.of(address().toUpperCase()));

        assertThat(first).extracting(InboundMailService.Delivery::outcome).containsExactly(InboundMailService.Outcome.NOTE);
        assertThat(again).extracting(InboundMailService.Delivery::outcome).containsExactly(InboundMailService.Outcome.DUPLICATE);
        List<Note> anasNotes = fixture.notes.list(fixture.hubId, fixture.ana, null, new PageRequest(10, null)).items();
        assertThat(anasNotes).hasSize(1);
        assertThat(anasNotes.get(0).kind()).isEqualTo(NoteKind.EMAIL);
        assertThat(anasNotes.get(0).body()).isEqualTo("Deux pots, merci");
        assertThat(anasNotes.get(0).mail().messageId()).isEqualTo("<one@example.com>");
        assertThat(fixture.notes.search(fixture.hubId, "creme deux", new PageRequest(10, null)).items()).hasSize(1);
    }

    @Test
    void concurrentDeliveriesOfOneMailMakeOneNote() throws InterruptedException {
        byte[] raw = mail("ana@example.com", "<race@example.com>", "Une seule fois");
        List<Callable<List<InboundMailService.Delivery>>> deliveries = IntStream.range(0, 4)
                .<Callable<List<InboundMailService.Delivery>>>mapToObj(i -> () -> inbound.receive(raw, List.of(address()))).toList();

        Concurrently.run(deliveries);

        assertThat(fixture.notes.list(fixture.hubId, fixture.ana, null, new PageRequest(10, null)).items()).hasSize(1);
    }

    @Test
    void mailFromAnUnknownAddressWaitsInTheInboxOnceAndAssigningMovesItToTheCustomer() {
        byte[] raw = mail("Café <cafe@example.org>", "<cafe@example.org>", "Livrez-vous le mardi ?");
        inbound.receive(raw, List.of(address()));
        inbound.receive(raw, List.of(address()));
        List<InboxMail> inbox = inbound.inbox(fixture.hubId, new PageRequest(10, null)).items();
        assertThat(inbox).hasSize(1);

        Note note = inbound.assign(fixture.hubId, inbox.get(0).id(), new InboundMailService.AssignTo(fixture.ana, false));
        Note again = inbound.assign(fixture.hubId, inbox.get(0).id(), new InboundMailService.AssignTo(fixture.ana, false));

        assertThat(again.id()).isEqualTo(note.id());
        assertThat(note.customerId()).isEqualTo(fixture.ana);
        assertThat(note.mail().from()).isEqualTo("cafe@example.org");
        assertThat(inbound.inbox(fixture.hubId, new PageRequest(10, null)).items()).isEmpty();
        assertThat(fixture.notes.list(fixture.hubId, fixture.ana, null, new PageRequest(10, null)).items()).extracting(Note::id)
                .containsExactly(note.id());
        String bob = fixture.customers.create(fixture.hubId, new CustomerDraft(CustomerType.PERSON, "bob@example.com", null, "Bob",
                null, null, List.of(), Map.of(), false, null, false)).id();
        assertThatThrownBy(() -> inbound.assign(fixture.hubId, inbox.get(0).id(), new InboundMailService.AssignTo(bob, false)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> inbound.assign(fixture.otherHubId, inbox.get(0).id(),
                new InboundMailService.AssignTo(fixture.ana, false))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void concurrentRedeliveriesOfAnInboxMailWhoseSenderBecameACustomerMoveItToThemOnce() throws InterruptedException {
        byte[] raw = mail("Café <cafe@example.org>", "<moved@example.org>", "Livrez-vous le jeudi ?");
        String inboxId = inbound.receive(raw, List.of(address())).getFirst().id();
        String cafe = fixture.customers.create(fixture.hubId, new CustomerDraft(CustomerType.COMPANY, "cafe@example.org", null, null,
                null, "Café", List.of(), Map.of(), false, null, false)).id();

        List<Concurrently.Outcome<List<InboundMailService.Delivery>>> deliveries = Concurrently.run(4,
                () -> inbound.receive(raw, List.of(address())));

        assertThat(deliveries).allSatisfy(outcome -> assertThat(outcome.error()).isNull());
        assertThat(deliveries.stream().flatMap(outcome -> outcome.value().stream()).map(InboundMailService.Delivery::outcome))
                .containsExactlyInAnyOrder(InboundMailService.Outcome.NOTE, InboundMailService.Outcome.DUPLICATE,
                        InboundMailService.Outcome.DUPLICATE, InboundMailService.Outcome.DUPLICATE);
        List<Note> cafesNotes = fixture.notes.list(fixture.hubId, cafe, null, new PageRequest(10, null)).items();
        assertThat(cafesNotes).singleElement().satisfies(note -> assertThat(note.body()).isEqualTo("Livrez-vous le jeudi ?"));
        assertThat(inbound.inbox(fixture.hubId, new PageRequest(10, null)).items()).isEmpty();
        assertThat(fixture.notes.search(fixture.hubId, "jeudi", new PageRequest(10, null)).items())
                .extracting(hit -> hit.ref().itemId()).containsExactly(cafesNotes.getFirst().id());
        assertThat(inbound.assign(fixture.hubId, inboxId, new InboundMailService.AssignTo(cafe, false)).id())
                .isEqualTo(cafesNotes.getFirst().id());
    }

    @Test
    void assigningToANewLeadCreatesTheSenderAsALead() {
        inbound.receive(mail("=?utf-8?q?Caf=C3=A9_Lumi=C3=A8re?= <contact@cafe.example>", "<lead@cafe.example>", "Bonjour"),
                List.of(address()));
        String inboxId = inbound.inbox(fixture.hubId, new PageRequest(10, null)).items().get(0).id();

        Note note = inbound.assign(fixture.hubId, inboxId, new InboundMailService.AssignTo(null, true));

        Customer lead = fixture.customers.get(fixture.hubId, note.customerId());
        assertThat(lead.email()).isEqualTo("contact@cafe.example");
        assertThat(lead.firstName()).isEqualTo("Café Lumière");
        assertThat(lead.status().name()).isEqualTo("LEAD");
        assertThat(inbound.assign(fixture.hubId, inboxId, new InboundMailService.AssignTo(null, true)).id()).isEqualTo(note.id());
    }

    @Test
    void onlyAddressesOfExistingHubsAtTheInboundDomainReceive() {
        byte[] raw = mail("ana@example.com", "<where@example.com>", "Pour qui ?");

        List<InboundMailService.Delivery> deliveries = inbound.receive(raw, List.of(address().replace(DOMAIN, "elsewhere.example"),
                "hub_01aaaaaaaaaaaaaaaaaaaaaaaa@" + DOMAIN, "postmaster@" + DOMAIN, InboundAddress.of(fixture.otherHubId, DOMAIN)));

        assertThat(deliveries).extracting(InboundMailService.Delivery::hubId).containsExactly(fixture.otherHubId);
        assertThat(fixture.notes.list(fixture.hubId, fixture.ana, null, new PageRequest(10, null)).items()).isEmpty();
    }
}
