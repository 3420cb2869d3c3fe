package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.DynamoHubRepository;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.store.Transactions;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.Concurrently.Outcome;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamoCustomerRepositoryTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();

    private final MutableClock clock = MutableClock.at("2025-03-01T09:00:00Z");
    private String table;
    private DynamoCustomerRepository repository;
    private CustomerService service;
    private HubService hubs;
    private String hub;
    private Set<String> hubItems;

    @BeforeEach
    void freshTable() {
        table = dynamo.freshTable();
        repository = new DynamoCustomerRepository(dynamo.client(), table);
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
        service = new CustomerService(repository, hubs, clock);
        hub = newHub("Test hub");
        hubItems = Set.copyOf(dynamo.sortKeys(table, hub));
    }

    /** A hub that exists, as customers need theirs to. */
    private String newHub(String name) {
        return hubs.create(new NewHub(name, "EUR", null)).hub().id();
    }

    /** The sort keys of this test's hub partition other than the hub's own items (HUB, its first key). */
    private List<String> customerKeys() {
        return dynamo.sortKeys(table, hub).stream().filter(k -> !hubItems.contains(k)).toList();
    }

    private Customer create(Drafts draft) {
        clock.advance(Duration.ofSeconds(1));
        return service.create(hub, draft.build());
    }

    private Customer create(String hubId, Drafts draft) {
        return service.create(hubId, draft.build());
    }

    private static Drafts person(String firstName, String email) {
        return Drafts.person().firstName(firstName).email(email);
    }

    private Set<String> expectedItems(Customer c) {
        Set<String> keys = new HashSet<>(CustomerIndex.entries(c));
        keys.add("CUST#" + c.id());
        if (c.email() != null) {
            keys.add("EMAIL#" + c.emailKey());
        }
        return keys;
    }

    private List<String> itemsOf(String prefix) {
        return customerKeys().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    // ---- create, get, update, delete ----

    @Test
    void aCreatedCustomerReadsBackAsStored() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("shoe", new BigDecimal("42.5"));
        fields.put("note", "likes cheese");
        fields.put("b2b", true);
        Customer created = create(Drafts.person().firstName(" Élodie ").lastName("Martin").email(" Elodie@Example.org ")
                .phone("+33 6 12 34 56 78").tags("Wholesale / Restaurants", "VIP", "vip").fields(fields).consent(true));

        assertThat(created.id()).matches("cus_[0-9A-Z]{26}");
        assertThat(created.status()).isEqualTo(CustomerStatus.LEAD);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createdAt()).isEqualTo(clock.instant()).isEqualTo(created.updatedAt());
        assertThat(created.email()).isEqualTo("Elodie@Example.org");
        assertThat(created.tags()).containsExactly("wholesale/restaurants", "vip");

        Customer read = service.get(hub, created.id());
        assertThat(read).usingRecursiveComparison().ignoringFields("fields").isEqualTo(created);
        assertThat(read.fields()).containsOnlyKeys("shoe", "note", "b2b");
        assertThat((BigDecimal) read.fields().get("shoe")).isEqualByComparingTo("42.5");
        assertThat(read.fields().get("note")).isEqualTo("likes cheese");
        assertThat(read.fields().get("b2b")).isEqualTo(true);

        assertThat(new HashSet<>(customerKeys())).isEqualTo(expectedItems(created));
    }

    @Test
    void anInvalidDraftWritesNothing() {
        assertThatThrownBy(() -> create(Drafts.person().email("nope"))).isInstanceOf(ValidationException.class);
        assertThat(customerKeys()).isEmpty();
    }

    @Test
    void aNumberTheStoreCannotHoldIsAValidationErrorNotAStoreFailure() {
        for (String number : List.of("1E+200", "1E-200", "3.14159265358979323846264338327950288419716939937510")) {
            Throwable thrown = catchThrowable(() -> create(person("Ann", "ann@example.com").fields(Map.of("x", new BigDecimal(number)))));
            assertThat(thrown).as(number).isInstanceOf(ValidationException.class);
            assertThat(((ValidationException) thrown).errors()).extracting(FieldError::field).containsExactly("fields.x");
        }
        assertThat(customerKeys()).isEmpty();
    }

    @Test
    void anUnknownIdIsNotFound() {
        assertThatThrownBy(() -> service.get(hub, Ids.newId("cus"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.update(hub, Ids.newId("cus"), Customer::draft, ExpectedVersion.ANY, StatusChange.MANUAL))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(hub, Ids.newId("cus"), ExpectedVersion.ANY))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUpdateStoresTheNextVersionAndMovesItsIndexEntries() {
        Customer ann = create(person("Ann", "ann@example.com").tags("retail", "vip"));
        clock.advance(Duration.ofMinutes(5));

        Customer updated = service.update(hub, ann.id(), c -> new CustomerDraft(CustomerType.COMPANY, c.email(), c.phone(),
                null, null, "Ferme d'Ann", List.of("vip", "wholesale/cafes"), c.fields(), true, c.status(), c.statusPinned()),
                ExpectedVersion.of(1), StatusChange.MANUAL);

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(updated.createdAt()).isEqualTo(ann.createdAt());
        assertThat(service.get(hub, ann.id())).isEqualTo(updated);
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expectedItems(updated));
        assertThat(itemsOf("IX#tag#retail/")).isEmpty();
        assertThat(itemsOf("IX#type#person#")).isEmpty();

        assertThat(list(CustomerFilter.of(List.of("retail"), null, null, null), 10)).isEmpty();
        assertThat(list(CustomerFilter.of(List.of("wholesale/"), null, "company", "ferme"), 10)).containsExactly(ann.id());
    }

    @Test
    void anUpdateIsValidatedAndAnInvalidOneChangesNothing() {
        Customer ann = create(person("Ann", "ann@example.com"));
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> service.update(hub, ann.id(),
                c -> new CustomerDraft(c.type(), null, null, c.firstName(), null, null, List.of("ok", "bad#"), c.fields(), false,
                        c.status(), c.statusPinned()),
                ExpectedVersion.ANY, StatusChange.MANUAL));
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("email", "tags[1]");
        assertThat(service.get(hub, ann.id())).isEqualTo(ann);
    }

    @Test
    void anUpdateWithAStaleVersionIsRefusedAndChangesNothing() {
        Customer ann = create(person("Ann", "ann@example.com"));
        Customer v2 = service.update(hub, ann.id(), c -> withFirstName(c, "Anna"), ExpectedVersion.of(1), StatusChange.MANUAL);

        assertThatThrownBy(() -> service.update(hub, ann.id(), c -> withFirstName(c, "Annie"), ExpectedVersion.of(1), StatusChange.MANUAL))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> service.update(hub, ann.id(), c -> withFirstName(c, "Annie"), ExpectedVersion.of(3), StatusChange.MANUAL))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(service.get(hub, ann.id())).isEqualTo(v2);
        assertThat(v2.firstName()).isEqualTo("Anna");
    }

    @Test
    void aStaleReplaceIsRefusedByTheRepositoryItself() {
        Customer ann = create(person("Ann", "ann@example.com"));
        Customer v2 = service.update(hub, ann.id(), c -> withFirstName(c, "Anna"), ExpectedVersion.ANY, StatusChange.MANUAL);
        Customer fromStale = ann.with(CustomerRules.normalize(withFirstName(ann, "Annie")), clock.instant());

        assertThat(repository.replace(hub, ann, fromStale, Optional.empty())).isFalse();
        assertThat(repository.delete(hub, ann)).isFalse();
        assertThat(service.get(hub, ann.id())).isEqualTo(v2);
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expectedItems(v2));
    }

    @Test
    void concurrentUpdatesWithoutIfMatchAreAllKept() throws Exception {
        Customer ann = create(person("Ann", "ann@example.com"));
        List<Callable<Customer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String tag = "t" + i;
            tasks.add(() -> service.update(hub, ann.id(), c -> withTags(c, Stream.concat(c.tags().stream(), Stream.of(tag)).toList()),
                    ExpectedVersion.ANY, StatusChange.MANUAL));
        }
        List<Outcome<Customer>> outcomes = Concurrently.run(tasks);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        Customer last = service.get(hub, ann.id());
        assertThat(last.version()).isEqualTo(5);
        assertThat(last.tags()).containsExactlyInAnyOrder("t0", "t1", "t2", "t3");
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expectedItems(last));
    }

    @Test
    void anUpdateThatKeepsLosingToOtherWritesIsContentionNeverAPreconditionFailure() {
        Customer ann = create(person("Ann", "ann@example.com"));

        // Another write lands inside every attempt: the update has nothing to do with If-Match (503, not 412).
        Throwable thrown = catchThrowable(() -> service.update(hub, ann.id(), current -> {
            service.update(hub, ann.id(), Customer::draft, ExpectedVersion.ANY, StatusChange.MANUAL);
            return current.draft();
        }, ExpectedVersion.ANY, StatusChange.MANUAL));

        assertThat(thrown).isNotInstanceOf(PreconditionFailedException.class).isInstanceOf(ContentionException.class);
        assertThat(service.get(hub, ann.id()).version()).as("every competing write landed").isGreaterThan(2);
    }

    @Test
    void aDeleteRemovesTheCustomerWithItsEmailAndIndexItemsOnly() {
        Customer ann = create(person("Ann", "ann@example.com").lastName("Lee").tags("wholesale", "wholesale/cafes", "vip"));
        Customer bob = create(person("Bob", "bob@example.com").tags("wholesale", "vip"));
        Customer noEmail = create(Drafts.person().firstName("Cy").email(null).phone("0612345678").tags("vip"));

        service.delete(hub, ann.id(), ExpectedVersion.of(1));

        assertThatThrownBy(() -> service.get(hub, ann.id())).isInstanceOf(NotFoundException.class);
        Set<String> expected = new HashSet<>(expectedItems(bob));
        expected.addAll(expectedItems(noEmail));
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expected);
        assertThat(customerKeys()).noneMatch(k -> k.contains(ann.id()));

        service.delete(hub, noEmail.id(), ExpectedVersion.ANY);
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expectedItems(bob));

        Customer annAgain = create(person("Ann", "ANN@example.com"));
        assertThat(annAgain.id()).isNotEqualTo(ann.id());
    }

    @Test
    void aDeleteWithAStaleVersionIsRefused() {
        Customer ann = create(person("Ann", "ann@example.com"));
        service.update(hub, ann.id(), c -> withFirstName(c, "Anna"), ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThatThrownBy(() -> service.delete(hub, ann.id(), ExpectedVersion.of(1))).isInstanceOf(PreconditionFailedException.class);
        assertThat(service.get(hub, ann.id()).firstName()).isEqualTo("Anna");
        service.delete(hub, ann.id(), ExpectedVersion.of(2));
        assertThat(customerKeys()).isEmpty();
    }

    // ---- email uniqueness ----

    // ---- many at once (imports) ----

    private List<Customer> newCustomers(int count, String emailPrefix) {
        Hub current = hubs.get(hub);
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CustomerDraft draft = person("Many" + i, emailPrefix + i + "@example.com").tags("imported", "batch/one").build();
            customers.add(service.newCustomer(current, Ids.newId("cus"), blank -> draft));
        }
        return customers;
    }

    @Test
    void manyNewCustomersAreStoredInGroupsWithTheirEmailClaimsAndIndexEntries() {
        List<Customer> customers = newCustomers(25, "many");
        // more items than one transaction takes: several groups
        assertThat(customers.stream().mapToInt(c -> expectedItems(c).size()).sum()).isGreaterThan(Transactions.MAX_ACTIONS);

        assertThat(service.createAllIfAbsent(hub, customers)).containsExactlyInAnyOrderElementsOf(
                customers.stream().map(Customer::id).toList());

        Set<String> expected = new HashSet<>();
        customers.forEach(c -> expected.addAll(expectedItems(c)));
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expected);
        assertThat(service.findByEmail(hub, "MANY7@example.com")).map(Customer::id).contains(customers.get(7).id());
    }

    @Test
    void aGroupWithATakenIdOrEmailIsNotWrittenAtAllAndTheOthersAre() {
        List<Customer> customers = newCustomers(25, "group");
        Customer first = customers.get(0);
        Customer last = customers.get(24);
        assertThat(service.createAllIfAbsent(hub, List.of(first))).containsExactly(first.id());
        Customer owner = create(person("Owner", last.email()));

        Set<String> created = service.createAllIfAbsent(hub, customers);

        // first's group (its id exists) and last's group (its email is taken) are refused whole
        assertThat(created).doesNotContain(first.id(), last.id()).isNotEmpty();
        assertThat(created.size()).isLessThan(23);
        for (Customer c : customers) {
            boolean stored = repository.find(hub, c.id()).isPresent();
            assertThat(stored).as(c.id()).isEqualTo(created.contains(c.id()) || c == first);
        }
        assertThat(service.findByEmail(hub, last.email())).map(Customer::id).contains(owner.id());
        Set<String> expected = new HashSet<>(expectedItems(first));
        expected.addAll(expectedItems(owner));
        customers.stream().filter(c -> created.contains(c.id())).forEach(c -> expected.addAll(expectedItems(c)));
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expected);
    }

    @Test
    void anEmailIsUniquePerHubIgnoringCaseAndSpaces() {
        create(person("Ann", "Ann@Example.com"));
        for (String same : List.of("ann@example.com", " ANN@EXAMPLE.COM ", "ann@Example.Com\t")) {
            ConflictException e = catchThrowableOfType(ConflictException.class, () -> create(person("Other", same)));
            assertThat(e).as(same).isNotNull();
            assertThat(e.error()).isNotNull().extracting(FieldError::field).isEqualTo("email");
        }
        assertThat(itemsOf("CUST#")).hasSize(1);
        assertThat(itemsOf("EMAIL#")).containsExactly("EMAIL#ann@example.com");
        assertThat(itemsOf("IX#q#other")).as("a refused create leaves no index entry").isEmpty();

        String otherHub = newHub("Other hub");
        assertThat(create(otherHub, person("Ann", "ann@example.com")).email()).as("another hub may have it").isEqualTo("ann@example.com");
    }

    @Test
    void customersWithoutEmailDoNotCollide() {
        create(Drafts.person().firstName("A").email(null).phone("0611111111"));
        create(Drafts.person().firstName("B").email(null).phone("0611111111"));
        assertThat(itemsOf("CUST#")).hasSize(2);
        assertThat(itemsOf("EMAIL#")).isEmpty();
    }

    @Test
    void ofTwentyConcurrentCreatesWithOneEmailExactlyOneSucceeds() throws Exception {
        List<Callable<Customer>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String email = (i % 2 == 0 ? "race@example.com" : " RACE@Example.com ");
            String name = "Racer" + i;
            tasks.add(() -> service.create(hub, person(name, email).build()));
        }
        List<Outcome<Customer>> outcomes = Concurrently.run(tasks);

        assertThat(outcomes).filteredOn(Outcome::succeeded).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .hasSize(19)
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(ConflictException.class));
        Customer winner = outcomes.stream().filter(Outcome::succeeded).findFirst().orElseThrow().value();

        assertThat(itemsOf("EMAIL#")).containsExactly("EMAIL#race@example.com");
        assertThat(dynamo.partition(table, hub)).filteredOn(item -> item.get("SK").s().startsWith("EMAIL#"))
                .singleElement().satisfies(item -> assertThat(item.get("customerId").s()).isEqualTo(winner.id()));
        assertThat(new HashSet<>(customerKeys())).as("losers left nothing behind").isEqualTo(expectedItems(winner));
    }

    @Test
    void changingTheEmailFreesTheOldOneAndClaimsTheNewOne() {
        Customer ann = create(person("Ann", "ann@example.com"));
        Customer moved = service.update(hub, ann.id(), c -> withEmail(c, "Ann.New@example.com"), ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(moved.email()).isEqualTo("Ann.New@example.com");
        assertThat(itemsOf("EMAIL#")).containsExactly("EMAIL#ann.new@example.com");

        Customer bob = create(person("Bob", "ANN@example.com"));
        assertThat(bob.email()).as("the freed email can be taken").isEqualTo("ANN@example.com");

        assertThatThrownBy(() -> create(person("Cy", "ann.new@EXAMPLE.com"))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> service.update(hub, bob.id(), c -> withEmail(c, "ann.new@example.com"), ExpectedVersion.ANY,
                StatusChange.MANUAL))
                .isInstanceOf(ConflictException.class);
        assertThat(service.get(hub, bob.id())).as("a refused update changes nothing").isEqualTo(bob);
        assertThat(itemsOf("EMAIL#")).containsExactlyInAnyOrder("EMAIL#ann.new@example.com", "EMAIL#ann@example.com");
    }

    @Test
    void changingOnlyTheCaseOfTheEmailKeepsTheClaim() {
        Customer ann = create(person("Ann", "ann@example.com"));
        Customer upper = service.update(hub, ann.id(), c -> withEmail(c, "ANN@Example.com"), ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(upper.email()).isEqualTo("ANN@Example.com");
        assertThat(itemsOf("EMAIL#")).containsExactly("EMAIL#ann@example.com");
        assertThatThrownBy(() -> create(person("Bob", "ann@example.com"))).isInstanceOf(ConflictException.class);
    }

    @Test
    void droppingTheEmailFreesIt() {
        Customer ann = create(person("Ann", "ann@example.com"));
        service.update(hub, ann.id(), c -> new CustomerDraft(c.type(), null, "0612345678", c.firstName(), c.lastName(),
                c.companyName(), c.tags(), c.fields(), c.marketingConsent(), c.status(), c.statusPinned()),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(itemsOf("EMAIL#")).isEmpty();
        assertThat(create(person("Bob", "ann@example.com")).email()).isEqualTo("ann@example.com");
    }

    // ---- lists ----

    private List<String> list(CustomerFilter filter, int limit) {
        return service.list(hub, filter, new PageRequest(limit, null)).items().stream().map(Customer::id).toList();
    }

    /** Every id, page after page, following nextCursor until it is null; fails if the walk does not end. */
    private List<String> walk(String hubId, CustomerFilter filter, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 200; pages++) {
            Page<Customer> page = service.list(hubId, filter, new PageRequest(limit, cursor));
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            page.items().forEach(c -> ids.add(c.id()));
            cursor = page.nextCursor();
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("the list did not end");
    }

    private List<String> walk(CustomerFilter filter, int limit) {
        return walk(hub, filter, limit);
    }

    @Test
    void withoutFiltersTheListIsNewestFirst() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(person("P" + i, "p" + i + "@example.com")).id());
        }
        List<String> newestFirst = created.reversed();
        assertThat(list(CustomerFilter.NONE, 50)).containsExactlyElementsOf(newestFirst);
        assertThat(walk(CustomerFilter.NONE, 2)).containsExactlyElementsOf(newestFirst);
        assertThat(walk(CustomerFilter.NONE, 7)).containsExactlyElementsOf(newestFirst);
        assertThat(walk(CustomerFilter.NONE, 1)).containsExactlyElementsOf(newestFirst);

        Page<Customer> first = service.list(hub, CustomerFilter.NONE, new PageRequest(3, null));
        assertThat(first.nextCursor()).isNotNull();
        Page<Customer> last = service.list(hub, CustomerFilter.NONE, new PageRequest(7, null));
        assertThat(last.nextCursor()).as("no cursor after the last customer").isNull();
    }

    @Test
    void anEmptyHubListsNothing() {
        Page<Customer> page = service.list(hub, CustomerFilter.NONE, new PageRequest(10, null));
        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
        assertThat(walk(CustomerFilter.of(List.of("x/"), null, null, null), 2)).isEmpty();
    }

    @Test
    void pagesOfTwoVisitEveryCustomerExactlyOnce() {
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            all.add(create(person("Ann" + i, "ann" + i + "@example.com").tags("vip")).id());
        }
        for (CustomerFilter filter : List.of(CustomerFilter.NONE, CustomerFilter.of(List.of("vip"), null, null, null),
                CustomerFilter.of(List.of(), "lead", null, null), CustomerFilter.of(List.of(), null, "person", null),
                CustomerFilter.of(List.of(), null, null, "ann"))) {
            List<String> seen = walk(filter, 2);
            assertThat(seen).as(filter.toString()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void tagFiltersAreExactOrSubtree() {
        String parent = create(person("Parent", "p@example.com").tags("wholesale")).id();
        String child = create(person("Child", "c@example.com").tags("wholesale/restaurants")).id();
        String both = create(person("Both", "b@example.com").tags("wholesale", "wholesale/restaurants", "wholesale/cafes")).id();
        String lookalike = create(person("Look", "l@example.com").tags("wholesalers", "wholesale-old")).id();
        String grandChild = create(person("Grand", "g@example.com").tags("wholesale/restaurants/paris")).id();
        create(person("Retail", "r@example.com").tags("retail"));

        assertThat(walk(CustomerFilter.of(List.of("wholesale"), null, null, null), 50)).containsExactlyInAnyOrder(parent, both);
        assertThat(walk(CustomerFilter.of(List.of("Wholesale/Restaurants"), null, null, null), 50)).containsExactlyInAnyOrder(child, both);
        assertThat(walk(CustomerFilter.of(List.of("wholesalers"), null, null, null), 50)).containsExactly(lookalike);
        for (int limit : List.of(1, 2, 3, 50)) {
            assertThat(walk(CustomerFilter.of(List.of("wholesale/"), null, null, null), limit)).as("limit %d", limit)
                    .containsExactlyInAnyOrder(parent, child, both, grandChild);
        }
        assertThat(walk(CustomerFilter.of(List.of("wholesale/restaurants/"), null, null, null), 1))
                .containsExactlyInAnyOrder(child, both, grandChild);
        assertThat(walk(CustomerFilter.of(List.of("wholesale/", "wholesale/cafes"), null, null, null), 1)).containsExactly(both);
        assertThat(walk(CustomerFilter.of(List.of("nothing/"), null, null, null), 1)).isEmpty();
    }

    @Test
    void aCustomerWithAParentAndAChildTagIsListedOnceAcrossPagesOfOne() {
        String both = create(person("Both", "b@example.com").tags("wholesale", "wholesale/restaurants")).id();
        List<String> seen = walk(CustomerFilter.of(List.of("wholesale/"), null, null, null), 1);
        assertThat(seen).containsExactly(both);
    }

    @Test
    void statusAndTypeFilters() {
        Customer lead = create(person("Lea", "lea@example.com"));
        Customer company = create(Drafts.person().type(CustomerType.COMPANY).firstName(null).companyName("Ferme").email("f@example.com"));
        Customer vip = storeWithStatus(person("Vic", "vic@example.com"), CustomerStatus.VIP);
        Customer regular = storeWithStatus(Drafts.person().type(CustomerType.COMPANY).firstName(null).companyName("Cafe")
                .email("cafe@example.com"), CustomerStatus.CUSTOMER);

        assertThat(walk(CustomerFilter.of(List.of(), "lead", null, null), 1)).containsExactlyInAnyOrder(lead.id(), company.id());
        assertThat(walk(CustomerFilter.of(List.of(), "vip", null, null), 1)).containsExactly(vip.id());
        assertThat(walk(CustomerFilter.of(List.of(), "customer", null, null), 1)).containsExactly(regular.id());
        assertThat(walk(CustomerFilter.of(List.of(), null, "company", null), 1)).containsExactlyInAnyOrder(company.id(), regular.id());
        assertThat(walk(CustomerFilter.of(List.of(), null, "person", null), 1)).containsExactlyInAnyOrder(lead.id(), vip.id());
        assertThat(walk(CustomerFilter.of(List.of(), "customer", "company", null), 1)).containsExactly(regular.id());
        assertThat(walk(CustomerFilter.of(List.of(), "vip", "company", null), 1)).isEmpty();
    }

    /** Stores a customer the way the order pipeline leaves it, with a status other than lead. */
    private Customer storeWithStatus(Drafts draft, CustomerStatus status) {
        Customer lead = create(draft);
        Customer promoted = new Customer(lead.id(), lead.type(), lead.email(), lead.phone(), lead.firstName(), lead.lastName(),
                lead.companyName(), lead.tags(), lead.fields(), lead.marketingConsent(), status, false, 1, 2500,
                clock.instant(), clock.instant(), 0, null, lead.engagement(), lead.createdAt(), clock.instant(), lead.version() + 1);
        assertThat(repository.replace(hub, lead, promoted, Optional.empty())).isTrue();
        assertThat(itemsOf("IX#status#lead#")).noneMatch(k -> k.endsWith(lead.id()));
        return promoted;
    }

    @Test
    void theQueryIsAnAccentInsensitivePrefixOfNamesCompanyOrEmail() {
        String elodie = create(Drafts.person().firstName("Élodie").lastName("Martin").email("emartin@example.org")).id();
        String eloise = create(Drafts.person().firstName("Eloïse").lastName("Zed").email("zed@example.org")).id();
        String farm = create(Drafts.person().type(CustomerType.COMPANY).firstName(null).companyName("Ferme de l'Étang")
                .email("contact@ferme.example")).id();
        String marc = create(Drafts.person().firstName("Marc").lastName("Éloi").email(null).phone("0612345678")).id();

        assertThat(walk(CustomerFilter.of(List.of(), null, null, "elo"), 1)).containsExactlyInAnyOrder(elodie, eloise, marc);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "ÉLO"), 2)).containsExactlyInAnyOrder(elodie, eloise, marc);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "élodie m"), 1)).containsExactly(elodie);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "mar"), 1)).containsExactlyInAnyOrder(elodie, marc);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "zed@"), 1)).containsExactly(eloise);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "ferme de l'e"), 1)).containsExactly(farm);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "contact"), 1)).containsExactly(farm);
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "artin"), 1)).as("a prefix, not a substring").isEmpty();
        assertThat(walk(CustomerFilter.of(List.of(), null, null, "xyz"), 1)).isEmpty();
    }

    @Test
    void aCustomerReachedByManyTokensIsListedOnce() {
        String elodie = create(Drafts.person().firstName("Elodie").lastName("Elodin").companyName("Elodie & Co")
                .email("elodie@example.org")).id();
        String other = create(Drafts.person().firstName("Elon").email("x@example.org")).id();
        for (int limit : List.of(1, 2, 5)) {
            assertThat(walk(CustomerFilter.of(List.of(), null, null, "elo"), limit)).as("limit %d", limit)
                    .containsExactlyInAnyOrder(elodie, other);
        }
    }

    @Test
    void combinedFiltersMustAllHold() {
        String match = create(Drafts.person().type(CustomerType.COMPANY).firstName(null).companyName("Ferme Bio")
                .email("bio@example.org").tags("wholesale/restaurants", "vip")).id();
        create(Drafts.person().type(CustomerType.PERSON).firstName("Fernand").email("fer@example.org").tags("wholesale/restaurants", "vip"));
        create(Drafts.person().type(CustomerType.COMPANY).firstName(null).companyName("Ferme Rouge").email("rouge@example.org").tags("retail", "vip"));
        create(Drafts.person().type(CustomerType.COMPANY).firstName(null).companyName("Laiterie").email("lait@example.org").tags("wholesale", "vip"));

        assertThat(walk(CustomerFilter.of(List.of("wholesale/", "vip"), "lead", "company", "fer"), 1)).containsExactly(match);
        assertThat(walk(CustomerFilter.of(List.of("wholesale/", "vip"), null, "company", null), 1)).hasSize(2).contains(match);
        assertThat(walk(CustomerFilter.of(List.of("vip"), "customer", null, null), 1)).isEmpty();
    }

    @Test
    void aCursorOnlyWorksWithTheListItCameFrom() {
        for (int i = 0; i < 3; i++) {
            create(person("Ann" + i, "a" + i + "@example.com").tags("wholesale"));
        }
        String unfiltered = service.list(hub, CustomerFilter.NONE, new PageRequest(1, null)).nextCursor();
        assertThat(unfiltered).isNotNull();
        assertCursorRefused(CustomerFilter.of(List.of("wholesale"), null, null, null), unfiltered);
        assertCursorRefused(CustomerFilter.of(List.of(), null, null, "ann"), unfiltered);

        String tagged = service.list(hub, CustomerFilter.of(List.of("wholesale"), null, null, null), new PageRequest(1, null)).nextCursor();
        assertThat(tagged).isNotNull();
        assertCursorRefused(CustomerFilter.NONE, tagged);
        assertCursorRefused(CustomerFilter.of(List.of("retail"), null, null, null), tagged);
        assertCursorRefused(CustomerFilter.NONE, "garbage!");
    }

    private void assertCursorRefused(CustomerFilter filter, String cursor) {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> service.list(hub, filter, new PageRequest(1, cursor)));
        assertThat(e).as("cursor with %s", filter).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("cursor");
    }

    @Test
    void anotherHubNeverSeesTheseCustomers() {
        String hubA = hub;
        Customer ann = create(person("Ann", "ann@example.com").tags("wholesale"));
        String hubB = newHub("Hub B");
        Customer bob = create(hubB, person("Bob", "bob@example.com").tags("wholesale"));

        assertThat(walk(hubB, CustomerFilter.NONE, 1)).containsExactly(bob.id());
        assertThat(walk(hubB, CustomerFilter.of(List.of("wholesale/"), null, null, null), 1)).containsExactly(bob.id());
        assertThat(walk(hubB, CustomerFilter.of(List.of(), null, null, "ann"), 1)).isEmpty();
        assertThat(walk(hubB, CustomerFilter.of(List.of(), "lead", null, null), 1)).containsExactly(bob.id());
        assertThatThrownBy(() -> service.get(hubB, ann.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.update(hubB, ann.id(), c -> withFirstName(c, "X"), ExpectedVersion.ANY, StatusChange.MANUAL))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(hubB, ann.id(), ExpectedVersion.ANY)).isInstanceOf(NotFoundException.class);

        String cursorOfA = service.list(hubA, CustomerFilter.NONE, new PageRequest(1, null)).nextCursor();
        assertThat(cursorOfA).as("hub A has one customer: no next page").isNull();
        create(person("Cy", "cy@example.com"));
        cursorOfA = service.list(hubA, CustomerFilter.NONE, new PageRequest(1, null)).nextCursor();
        assertThat(service.list(hubB, CustomerFilter.NONE, new PageRequest(10, cursorOfA)).items())
                .as("a cursor of hub A read in hub B only reaches B's customers").extracting(Customer::id)
                .allMatch(id -> id.equals(bob.id()));

        assertThat(service.get(hubA, ann.id())).isEqualTo(ann);
        assertThat(dynamo.sortKeys(table, hubB)).noneMatch(k -> k.contains(ann.id()));
    }

    @Test
    void aFullCustomerFitsInOneTransactionOnCreateAndOnARetagAll() {
        List<String> forty = IntStream.range(0, 40).mapToObj(i -> "group" + i + "/sub" + i).toList();
        List<String> otherForty = IntStream.range(0, 40).mapToObj(i -> "other" + i).toList();
        Customer big = create(Drafts.person().firstName("Ann").lastName("Lee").companyName("Lee & Co").email("big@example.com")
                .tags(forty));
        Customer retagged = service.update(hub, big.id(), c -> new CustomerDraft(CustomerType.COMPANY, "big2@example.com",
                null, "Anna", "Leigh", "Leigh & Co", otherForty, c.fields(), c.marketingConsent(), c.status(), c.statusPinned()),
                ExpectedVersion.ANY, StatusChange.MANUAL);
        assertThat(new HashSet<>(customerKeys())).isEqualTo(expectedItems(retagged));
    }

    private static CustomerDraft withFirstName(Customer c, String firstName) {
        return new CustomerDraft(c.type(), c.email(), c.phone(), firstName, c.lastName(), c.companyName(), c.tags(),
                c.fields(), c.marketingConsent(), c.status(), c.statusPinned());
    }

    private static CustomerDraft withEmail(Customer c, String email) {
        return new CustomerDraft(c.type(), email, c.phone(), c.firstName(), c.lastName(), c.companyName(), c.tags(),
                c.fields(), c.marketingConsent(), c.status(), c.statusPinned());
    }

    private static CustomerDraft withTags(Customer c, List<String> tags) {
        return new CustomerDraft(c.type(), c.email(), c.phone(), c.firstName(), c.lastName(), c.companyName(), tags,
                c.fields(), c.marketingConsent(), c.status(), c.statusPinned());
    }
}
