package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.store.Items;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Notes on DynamoDB Local: edits and deletes keep the history, lists by kind, open reminders by the hub's day. */
class NoteServiceTest {
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    /** 23:30 UTC on 1 March is already 2 March in Paris (UTC+1). */
    private final MutableClock clock = MutableClock.at("2026-03-01T23:30:00Z");
    private NoteService notes;
    private CustomerService customers;
    private String table;
    private String hubId;
    private String otherHubId;
    private String ana;

    @BeforeEach
    void hubWithACustomer() {
        NotesFixture fixture = new NotesFixture(dynamo, clock);
        table = fixture.table;
        customers = fixture.customers;
        notes = fixture.notes;
        hubId = fixture.hubId;
        otherHubId = fixture.otherHubId;
        ana = fixture.ana;
    }

    @Test
    void editsAndTheDeleteKeepWhoWhenAndThePreviousText() {
        Note note = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Likes the  Crème fraîche\n", "Lou", null, false));
        clock.advance(Duration.ofMinutes(5));
        Note edited = notes.update(hubId, ana, note.id(), d -> new NoteDraft(NoteKind.IDEA, "Offer the new cheese", d.author(), null, false),
                "Max", ExpectedVersion.of(1));
        clock.advance(Duration.ofMinutes(5));
        notes.delete(hubId, ana, note.id(), "Zoé", ExpectedVersion.ANY);

        assertThat(edited.body()).isEqualTo("Offer the new cheese");
        assertThat(edited.version()).isEqualTo(2);
        assertThatThrownBy(() -> notes.get(hubId, ana, note.id())).isInstanceOf(NotFoundException.class);
        List<NoteRevision> history = notes.history(hubId, ana, note.id(), new PageRequest(10, null)).items();
        assertThat(history).extracting(NoteRevision::action).containsExactly(NoteRevision.Action.DELETED, NoteRevision.Action.EDITED);
        assertThat(history).extracting(NoteRevision::by).containsExactly("Zoé", "Max");
        assertThat(history).extracting(NoteRevision::at)
                .containsExactly(Instant.parse("2026-03-01T23:40:00Z"), Instant.parse("2026-03-01T23:35:00Z"));
        // stored as given: the body keeps its double space and its line end
        assertThat(history.get(1).previous().body()).isEqualTo("Likes the  Crème fraîche\n");
        assertThat(history.get(1).previous().kind()).isEqualTo(NoteKind.NOTE);
        assertThat(history.get(0).previous().body()).isEqualTo("Offer the new cheese");
        assertThatThrownBy(() -> notes.history(otherHubId, ana, note.id(), new PageRequest(10, null))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anEditThatChangesNothingKeepsNoHistoryAndAStaleVersionIsRefused() {
        Note note = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Same", null, null, false));
        assertThat(notes.update(hubId, ana, note.id(), d -> d, "Max", ExpectedVersion.ANY)).isEqualTo(note);
        assertThat(notes.history(hubId, ana, note.id(), new PageRequest(10, null)).items()).isEmpty();
        assertThatThrownBy(() -> notes.update(hubId, ana, note.id(), d -> new NoteDraft(d.kind(), "Other", null, null, false), null,
                ExpectedVersion.of(7))).isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void listsNewestFirstAndByKind() {
        for (NoteKind kind : List.of(NoteKind.NOTE, NoteKind.MEETING, NoteKind.NOTE, NoteKind.QUESTION)) {
            clock.advance(Duration.ofMinutes(1));
            notes.create(hubId, ana, new NoteDraft(kind, kind.wire() + " at " + clock.instant(), null, null, false));
        }
        assertThat(all(page -> notes.list(hubId, ana, null, page))).extracting(Note::kind)
                .containsExactly(NoteKind.QUESTION, NoteKind.NOTE, NoteKind.MEETING, NoteKind.NOTE);
        List<Note> plain = all(page -> notes.list(hubId, ana, NoteKind.NOTE, page));
        assertThat(plain).extracting(Note::kind).containsExactly(NoteKind.NOTE, NoteKind.NOTE);
        assertThat(plain.get(0).createdAt()).isAfter(plain.get(1).createdAt());
        assertThatThrownBy(() -> notes.list(otherHubId, ana, null, new PageRequest(10, null))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void openRemindersByTheHubsDayUntilDone() {
        Note yesterday = reminder("2026-03-01T10:00:00Z");
        Note earlyToday = reminder("2026-03-01T23:10:00Z");
        Note tonight = reminder("2026-03-02T22:30:00Z");
        Note inSixDays = reminder("2026-03-08T12:00:00Z");
        Note nextWeek = reminder("2026-03-08T23:30:00Z");
        notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "not a reminder", null, null, false));

        assertThat(due(DueWindow.OVERDUE)).containsExactly(yesterday.id(), earlyToday.id());
        // Paris's 2 March runs from 23:00 UTC on 1 March to 23:00 UTC on 2 March
        assertThat(due(DueWindow.TODAY)).containsExactly(earlyToday.id(), tonight.id());
        assertThat(due(DueWindow.WEEK)).containsExactly(earlyToday.id(), tonight.id(), inSixDays.id());
        assertThat(due(null)).containsExactly(yesterday.id(), earlyToday.id(), tonight.id(), inSixDays.id(), nextWeek.id());

        notes.update(hubId, ana, tonight.id(), d -> new NoteDraft(d.kind(), d.body(), d.author(), d.dueAt(), true), null, ExpectedVersion.ANY);
        notes.update(hubId, ana, inSixDays.id(), d -> new NoteDraft(d.kind(), d.body(), d.author(), Instant.parse("2026-03-01T09:00:00Z"),
                false), null, ExpectedVersion.ANY);
        notes.delete(hubId, ana, yesterday.id(), null, ExpectedVersion.ANY);
        assertThat(due(DueWindow.OVERDUE)).containsExactly(inSixDays.id(), earlyToday.id());
        assertThat(due(DueWindow.TODAY)).containsExactly(earlyToday.id());
        assertThat(notes.openReminders(otherHubId, null, new PageRequest(10, null)).items()).isEmpty();

        customers.delete(hubId, ana, ExpectedVersion.ANY);
        assertThat(due(null)).isEmpty();
    }

    @Test
    void namesOfTheTeamAreOneLineAndNotBlank() {
        for (String bad : List.of(" ", "Lou\nMax", "x".repeat(NoteService.MAX_AUTHOR_CHARACTERS + 1))) {
            assertThatThrownBy(() -> notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Hi", bad, null, false)))
                    .as(bad).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> NoteService.requireTeamMember("editedBy", bad)).as(bad).isInstanceOf(ValidationException.class);
        }
        // 200 characters (code points) are 240 UTF-16 units here: characters are counted
        assertThat(notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Hi", "Zoé 🧀".repeat(40), null, false)).author()).hasSize(240);
        assertThatThrownBy(() -> notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, " \n\t ", null, null, false)))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void remindersNeedADueTimeAndOnlyRemindersHaveOne() {
        assertThatThrownBy(() -> notes.create(hubId, ana, new NoteDraft(NoteKind.REMINDER, "Call", null, null, false)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("dueAt"));
        assertThatThrownBy(() -> notes.create(hubId, ana, new NoteDraft(NoteKind.IDEA, "Idea", null, clock.instant(), false)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("dueAt"));
        assertThatThrownBy(() -> notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "x".repeat(NoteService.MAX_BODY_CHARACTERS + 1),
                null, null, false))).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("body"));
        // 20,000 characters outside the basic plane are 40,000 chars of Java: characters are counted, not UTF-16 units
        String emoji = "🧀".repeat(NoteService.MAX_BODY_CHARACTERS);
        assertThat(notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, emoji, null, null, false)).body()).isEqualTo(emoji);
    }

    @Test
    void searchFindsWordsAndPrefixesWhateverTheAccentsNewestFirstWithTheCustomer() {
        Note summer = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Livraison de l'été : Crème fraîche", "Lou", null, false));
        clock.advance(Duration.ofMinutes(1));
        Note cheese = notes.create(hubId, ana, new NoteDraft(NoteKind.IDEA, "Søren's crémerie in Łódź, Straße 5", null, null, false));

        assertThat(search("creme")).containsExactly(cheese.id(), summer.id());
        assertThat(search("CRÈME FRAÎCHE")).containsExactly(summer.id());
        assertThat(search("cremer")).containsExactly(cheese.id());
        assertThat(search("lete")).containsExactly(summer.id());
        assertThat(search("l'ete")).containsExactly(summer.id());
        assertThat(search("ete")).containsExactly(summer.id());
        assertThat(search("soren")).containsExactly(cheese.id());
        assertThat(search("lodz strasse")).containsExactly(cheese.id());
        assertThat(search("creme lodz")).containsExactly(cheese.id());
        assertThat(search("livraisons")).isEmpty();
        assertThat(notes.search(hubId, "fraiche", new PageRequest(10, null)).items()).singleElement()
                .satisfies(hit -> assertThat(hit.customer().id()).isEqualTo(ana));
        assertThat(notes.search(otherHubId, "creme", new PageRequest(10, null)).items()).isEmpty();
    }

    @Test
    void anEditOrADeleteIsSearchedAtOnce() {
        Note note = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Wants raspberries", null, null, false));
        notes.update(hubId, ana, note.id(), d -> new NoteDraft(d.kind(), "Wants blueberries", null, null, false), null, ExpectedVersion.ANY);
        assertThat(search("raspb")).isEmpty();
        assertThat(search("blueberries")).containsExactly(note.id());
        assertThat(search("wants")).containsExactly(note.id());
        notes.delete(hubId, ana, note.id(), null, ExpectedVersion.ANY);
        assertThat(search("blue")).isEmpty();
        assertThat(search("wants")).isEmpty();
    }

    @Test
    void aHitShowsWhatItsIndexEntriesCarryAndAnEditOfWhatAHitShowsRewritesEveryKey() {
        Note note = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Wants raspberries and cream", "Lou", null, false));

        notes.update(hubId, ana, note.id(), d -> new NoteDraft(NoteKind.IDEA, d.body(), d.author(), null, false), null, ExpectedVersion.ANY);
        assertThat(hits("wants")).singleElement().satisfies(hit -> {
            assertThat(hit.shown()).isEqualTo(new NoteSearchIndex.Shown("idea", note.createdAt(), "Wants raspberries and cream", null));
            assertThat(hit.customer().firstName()).isEqualTo("Ana");
        });
        notes.update(hubId, ana, note.id(), d -> new NoteDraft(d.kind(), "Needs raspberries and cream", d.author(), null, false), null,
                ExpectedVersion.ANY);
        assertThat(hits("cream")).extracting(hit -> hit.shown().snippet()).containsExactly("Needs raspberries and cream");
        customers.update(hubId, ana, c -> new CustomerDraft(c.type(), c.email(), c.phone(), "Anaïs", c.lastName(), c.companyName(),
                c.tags(), c.fields(), c.marketingConsent(), null, false), ExpectedVersion.ANY, "manual");
        assertThat(hits("rasp")).extracting(hit -> hit.customer().firstName()).containsExactly("Anaïs");
        assertThat(hits("needs")).extracting(hit -> hit.ref().itemId()).containsExactly(note.id());
    }

    @Test
    void aNoteWithMoreWordsThanItsEntriesCarryIsCheckedOnItsWordsKeptApart() {
        StringBuilder long_ = new StringBuilder("Harvest plan:");
        for (int i = 0; i < 150; i++) {
            long_.append(" field").append(i);
        }
        Note big = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, long_ + " zucchini", null, null, false));
        Note small = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Harvest of leeks", null, null, false));

        assertThat(items("NTOK#harvest#")).filteredOn(item -> Items.string(item, "SK").endsWith(big.id().substring(5)))
                .singleElement().satisfies(entry -> assertThat(entry).doesNotContainKey("words"));
        assertThat(search("harvest zucc")).containsExactly(big.id());
        assertThat(search("harvest leek")).containsExactly(small.id());
        assertThat(search("harvest")).containsExactly(small.id(), big.id());
        assertThat(hits("zucchini")).singleElement().satisfies(hit -> assertThat(hit.shown().snippet()).hasSize(NoteSearchIndex.SNIPPET_CHARACTERS));

        notes.update(hubId, ana, big.id(), d -> new NoteDraft(d.kind(), "Harvest of zucchini", null, null, false), null, ExpectedVersion.ANY);
        assertThat(items("NTOKWORDS#")).isEmpty();
        assertThat(search("harvest zucc")).containsExactly(big.id());
        assertThat(search("harvest field1")).isEmpty();
    }

    @Test
    void entriesWrittenBeforeTheyCarriedWhatAHitShowsFindTheirNoteReadByKey() {
        Note note = notes.create(hubId, ana, new NoteDraft(NoteKind.MEETING, "Met Ana at the market", null, null, false));
        for (Map<String, AttributeValue> entry : items("NTOK#")) {
            dynamo.client().putItem(r -> r.tableName(table).item(Map.of("PK", entry.get("PK"), "SK", entry.get("SK"),
                    "kind", Items.s("note-token"), "customerId", Items.s(ana))));
        }

        assertThat(hits("market ana")).singleElement().satisfies(hit -> {
            assertThat(hit.ref().itemId()).isEqualTo(note.id());
            assertThat(hit.shown()).isEqualTo(new NoteSearchIndex.Shown("meeting", note.createdAt(), "Met Ana at the market", null));
        });
        assertThat(search("market bob")).isEmpty();
        notes.delete(hubId, ana, note.id(), null, ExpectedVersion.ANY);
        assertThat(search("market")).isEmpty();
    }

    @Test
    void aSearchWordLongerThanTheIndexedPrefixesIsCheckedOnTheNote() {
        Note note = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Extraordinarily good", null, null, false));
        notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "Extraordinary!", null, null, false));
        assertThat(search("extraordinarily")).containsExactly(note.id());
        assertThatThrownBy(() -> search("a")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("q"));
        assertThatThrownBy(() -> search("x".repeat(NoteTokens.MAX_QUERY_CHARACTERS + 1))).isInstanceOf(ValidationException.class);
    }

    private List<NoteService.Hit> hits(String query) {
        return notes.search(hubId, query, new PageRequest(50, null)).items();
    }

    private List<String> search(String query) {
        List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Page<NoteService.Hit> page = notes.search(hubId, query, new PageRequest(2, cursor));
            page.items().forEach(hit -> ids.add(hit.ref().itemId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private Note reminder(String dueAt) {
        clock.advance(Duration.ofSeconds(1));
        return notes.create(hubId, ana, new NoteDraft(NoteKind.REMINDER, "Call back", "Lou", Instant.parse(dueAt), false));
    }

    private List<String> due(DueWindow window) {
        return all(page -> notes.openReminders(hubId, window, page)).stream().map(Note::id).toList();
    }

    /** Every item of a list, read two at a time so that the cursors are used. */
    private static List<Note> all(Function<PageRequest, Page<Note>> list) {
        List<Note> items = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Page<Note> page = list.apply(new PageRequest(2, cursor));
            items.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return items;
    }

    /** The hub's items whose sort key starts with {@code prefix}. */
    private List<Map<String, AttributeValue>> items(String prefix) {
        return dynamo.client().query(r -> r.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s("HUB#" + hubId), ":prefix", Items.s(prefix)))).items();
    }

    @Test
    void aDeletedCustomersNotesTheirIndexesSearchKeysAndHistoryAreErasedInStepsAndNoOthers() {
        String bob = customers.create(hubId, new CustomerDraft(CustomerType.PERSON, "bob@example.com", null, "Bob", null, null,
                List.of(), Map.of(), false, null, false)).id();
        Note kept = notes.create(hubId, bob, new NoteDraft(NoteKind.NOTE, "Bob keeps his harvest box", null, null, false));
        for (int i = 0; i < NoteService.PURGE_NOTES + 1; i++) {
            notes.create(hubId, ana, new NoteDraft(NoteKind.REMINDER, "Call Ana about the harvest " + i, null,
                    Instant.parse("2026-03-05T10:00:00Z"), false));
        }
        Note edited = notes.create(hubId, ana, new NoteDraft(NoteKind.NOTE, "draft", null, null, false));
        notes.update(hubId, ana, edited.id(), d -> new NoteDraft(d.kind(), "final", null, null, false), "Max", ExpectedVersion.ANY);
        customers.delete(hubId, ana, ExpectedVersion.ANY);

        notes.customerDeleted(hubId, ana);
        int steps = 0;
        for (List<Map<String, AttributeValue>> purge = items("NOTEPURGE#" + ana); !purge.isEmpty(); purge = items("NOTEPURGE#" + ana)) {
            notes.purgeStep(hubId, ana, (int) Items.number(purge.getFirst(), "step"));
            steps++;
        }

        assertThat(steps).as("two steps of notes, one of history, one that finds nothing left").isEqualTo(4);
        for (String prefix : List.of("NOTE#", "NOTEKIND#", "NOTEREV#", "NOTEDUE#", "NTOK#")) {
            assertThat(items(prefix)).as(prefix).allSatisfy(item -> assertThat(Items.string(item, "SK")).doesNotContain(ana));
            assertThat(items(prefix).stream().filter(item -> ana.equals(Items.string(item, "customerId")))).as(prefix).isEmpty();
        }
        assertThat(notes.get(hubId, bob, kept.id())).isEqualTo(kept);
        assertThat(notes.search(hubId, "harvest", new PageRequest(50, null)).items()).extracting(hit -> hit.ref().itemId())
                .containsExactly(kept.id());
    }
}
