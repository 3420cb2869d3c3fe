package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.support.Concurrently;
import dev.hubcrm.support.Concurrently.Outcome;
import dev.hubcrm.support.LocalDynamo;
import dev.hubcrm.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamoHubRepositoryTest {
    /** One DynamoDB for the class, closed by JUnit after its last test. */
    @AutoClose
    private static final LocalDynamo dynamo = LocalDynamo.start();
    /** Every key of a test hub fits one page. */
    private static final PageRequest EVERY_KEY = new PageRequest(PageRequest.MAX_LIMIT, null);

    private final MutableClock clock = MutableClock.at("2025-03-01T09:00:00Z");
    private String table;
    private HubService hubs;

    @BeforeEach
    void freshTable() {
        table = dynamo.freshTable();
        hubs = new HubService(new DynamoHubRepository(dynamo.client(), table), clock);
    }

    private HubService.CreatedHub newHub(String name) {
        return hubs.create(new NewHub(name, "EUR", "Europe/Paris"));
    }

    private static List<String> errorFields(Runnable action) {
        ValidationException e = catchThrowableOfType(ValidationException.class, action::run);
        assertThat(e).as("a ValidationException").isNotNull();
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void anUpdateThatKeepsLosingToOtherWritesIsContentionNeverAPreconditionFailure() {
        String hubId = newHub("Busy").hub().id();
        long before = hubs.get(hubId).version();

        // Another write lands inside every attempt: the update has nothing to do with If-Match (503, not 412).
        Throwable thrown = catchThrowable(() -> hubs.update(hubId, settings -> {
            hubs.update(hubId, UnaryOperator.identity());
            return settings;
        }));

        assertThat(thrown).isNotInstanceOf(PreconditionFailedException.class).isInstanceOf(ContentionException.class);
        assertThat(hubs.get(hubId).version()).as("every competing write landed").isGreaterThan(before + 1);
    }

    @Test
    void aNewHubIsStoredWithAKeyThatResolvesToIt() {
        HubService.CreatedHub created = hubs.create(new NewHub(" La Ferme ", "EUR", null));
        Hub hub = created.hub();

        assertThat(Ids.looksLike("hub", hub.id())).isTrue();
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
        assertThat(hub.name()).isEqualTo("La Ferme");
        assertThat(hub.currency()).isEqualTo("EUR");
        assertThat(hub.timezone()).as("UTC unless told").isEqualTo("UTC");
        assertThat(hub.activeKeys()).isEqualTo(1);
        assertThat(hub.createdAt()).isEqualTo(clock.instant());

        String secret = created.key().secret();
        assertThat(hubs.hubForKey(secret)).contains(hub.id());
        assertThat(hubs.listKeys(hub.id(), EVERY_KEY).items()).singleElement().satisfies(key -> {
            assertThat(key.id()).isEqualTo(created.key().key().id());
            assertThat(key.active()).isTrue();
            assertThat(key.sha256()).isEqualTo(ApiKeys.sha256(secret)).doesNotContain(secret);
        });
        assertThat(dynamo.partition(table, hub.id()))
                .as("the secret itself is stored nowhere")
                .allSatisfy(item -> assertThat(item.toString()).doesNotContain(secret.substring(secret.lastIndexOf('.') + 1)));
    }

    @Test
    void anUnknownHubIsNotFound() {
        assertThatThrownBy(() -> hubs.get(Ids.newId("hub"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aTamperedOrForeignOrGarbageKeyResolvesToNothing() {
        HubService.CreatedHub a = newHub("A");
        HubService.CreatedHub b = newHub("B");
        String keyA = a.key().secret();
        String secretA = keyA.substring(keyA.lastIndexOf('.') + 1);
        char last = keyA.charAt(keyA.length() - 1);

        String tampered = keyA.substring(0, keyA.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(hubs.hubForKey(tampered)).isEmpty();
        assertThat(hubs.hubForKey(keyA.substring(0, keyA.length() - 1))).isEmpty();
        assertThat(hubs.hubForKey(keyA + "x")).isEmpty();

        String onOtherHub = "hcrm." + b.hub().id() + "." + a.key().key().id() + "." + secretA;
        assertThat(hubs.hubForKey(onOtherHub)).as("A's key presented as B's").isEmpty();
        String otherKeyId = "hcrm." + a.hub().id() + "." + b.key().key().id() + "." + secretA;
        assertThat(hubs.hubForKey(otherKeyId)).isEmpty();
        String bKeyOnA = "hcrm." + a.hub().id() + "." + b.key().key().id() + "."
                + b.key().secret().substring(b.key().secret().lastIndexOf('.') + 1);
        assertThat(hubs.hubForKey(bKeyOnA)).as("B's key presented as A's").isEmpty();

        for (String garbage : List.of("", "hcrm", "hcrm...", "Bearer " + keyA, keyA.toLowerCase(), "operator")) {
            assertThat(hubs.hubForKey(garbage)).as(garbage).isEmpty();
        }
        assertThat(hubs.hubForKey(keyA)).contains(a.hub().id());
        assertThat(hubs.hubForKey(b.key().secret())).contains(b.hub().id());
    }

    @Test
    void aRevokedKeyResolvesToNothingWhileTheOtherStillWorks() {
        HubService.CreatedHub created = newHub("A");
        String hubId = created.hub().id();
        clock.advance(Duration.ofMinutes(1));
        IssuedKey second = hubs.createKey(hubId, "  shop  ");
        assertThat(second.key().name()).isEqualTo("shop");
        assertThat(hubs.hubForKey(second.secret())).contains(hubId);

        clock.advance(Duration.ofMinutes(1));
        hubs.revokeKey(hubId, created.key().key().id());

        assertThat(hubs.hubForKey(created.key().secret())).isEmpty();
        assertThat(hubs.hubForKey(second.secret())).contains(hubId);
        assertThat(hubs.get(hubId).activeKeys()).isEqualTo(1);
        assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).hasSize(2)
                .anySatisfy(k -> {
                    assertThat(k.id()).isEqualTo(created.key().key().id());
                    assertThat(k.revokedAt()).isEqualTo(clock.instant());
                })
                .anySatisfy(k -> {
                    assertThat(k.id()).isEqualTo(second.key().id());
                    assertThat(k.active()).isTrue();
                });
    }

    @Test
    void theLastActiveKeyCannotBeRevoked() {
        HubService.CreatedHub created = newHub("A");
        String hubId = created.hub().id();
        assertThatThrownBy(() -> hubs.revokeKey(hubId, created.key().key().id())).isInstanceOf(ConflictException.class);
        assertThat(hubs.hubForKey(created.key().secret())).contains(hubId);

        IssuedKey second = hubs.createKey(hubId, null);
        hubs.revokeKey(hubId, created.key().key().id());
        assertThatThrownBy(() -> hubs.revokeKey(hubId, second.key().id())).isInstanceOf(ConflictException.class);
        assertThat(hubs.hubForKey(second.secret())).contains(hubId);
        assertThat(hubs.get(hubId).activeKeys()).isEqualTo(1);
    }

    @Test
    void revokingAnUnknownOrRevokedKeyIsNotFound() {
        HubService.CreatedHub created = newHub("A");
        String hubId = created.hub().id();
        IssuedKey second = hubs.createKey(hubId, null);
        hubs.createKey(hubId, null);
        hubs.revokeKey(hubId, second.key().id());

        assertThatThrownBy(() -> hubs.revokeKey(hubId, second.key().id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> hubs.revokeKey(hubId, Ids.newId("key"))).isInstanceOf(NotFoundException.class);
        HubService.CreatedHub other = newHub("B");
        assertThatThrownBy(() -> hubs.revokeKey(hubId, other.key().key().id()))
                .as("another hub's key is unknown here").isInstanceOf(NotFoundException.class);
        assertThat(hubs.hubForKey(other.key().secret())).contains(other.hub().id());
        assertThat(hubs.get(hubId).activeKeys()).as("failed revocations do not count").isEqualTo(2);
    }

    @Test
    void ofTwoKeysRevokedConcurrentlyExactlyOneIsRevoked() throws Exception {
        for (int round = 0; round < 5; round++) {
            HubService.CreatedHub created = newHub("Race " + round);
            String hubId = created.hub().id();
            IssuedKey second = hubs.createKey(hubId, null);
            List<String> keyIds = List.of(created.key().key().id(), second.key().id());

            List<Callable<String>> tasks = new ArrayList<>();
            for (String keyId : keyIds) {
                tasks.add(() -> {
                    hubs.revokeKey(hubId, keyId);
                    return keyId;
                });
            }
            List<Outcome<String>> outcomes = Concurrently.run(tasks);

            assertThat(outcomes).as("round %d", round).filteredOn(Outcome::succeeded).hasSize(1);
            assertThat(outcomes).as("round %d", round).filteredOn(o -> !o.succeeded()).singleElement()
                    .satisfies(o -> assertThat(o.error()).isInstanceOf(ConflictException.class));
            assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).filteredOn(ApiKey::active).hasSize(1);
            assertThat(hubs.get(hubId).activeKeys()).isEqualTo(1);
            long resolving = List.of(created.key().secret(), second.secret()).stream()
                    .filter(k -> hubs.hubForKey(k).isPresent()).count();
            assertThat(resolving).isEqualTo(1);
        }
    }

    @Test
    void aHubHasAtMostMaxActiveKeys() {
        HubService.CreatedHub created = newHub("A");
        String hubId = created.hub().id();
        List<IssuedKey> keys = new ArrayList<>();
        for (int i = 1; i < HubService.MAX_ACTIVE_KEYS; i++) {
            keys.add(hubs.createKey(hubId, "k" + i));
        }
        assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).filteredOn(ApiKey::active).hasSize(HubService.MAX_ACTIVE_KEYS);
        assertThatThrownBy(() -> hubs.createKey(hubId, "one too many")).isInstanceOf(ConflictException.class);
        assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).as("the refused key is not stored").hasSize(HubService.MAX_ACTIVE_KEYS);

        hubs.revokeKey(hubId, keys.get(0).key().id());
        IssuedKey again = hubs.createKey(hubId, "after a revocation");
        assertThat(hubs.hubForKey(again.secret())).contains(hubId);
        assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).filteredOn(ApiKey::active).hasSize(HubService.MAX_ACTIVE_KEYS);
        assertThat(hubs.get(hubId).activeKeys()).isEqualTo(HubService.MAX_ACTIVE_KEYS);
    }

    @Test
    void concurrentKeyCreationsStopAtMaxActiveKeys() throws Exception {
        String hubId = newHub("A").hub().id();
        List<Outcome<IssuedKey>> outcomes = Concurrently.run(15, () -> hubs.createKey(hubId, null));
        assertThat(outcomes).filteredOn(o -> !o.succeeded())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(ConflictException.class));
        assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).filteredOn(ApiKey::active).hasSizeLessThanOrEqualTo(HubService.MAX_ACTIVE_KEYS)
                .hasSize(hubs.get(hubId).activeKeys());
    }

    @Test
    void aKeyNameIsValidated() {
        String hubId = newHub("A").hub().id();
        assertThat(errorFields(() -> hubs.createKey(hubId, "x".repeat(101)))).containsExactly("name");
        assertThat(errorFields(() -> hubs.createKey(hubId, "bad\u0000name"))).containsExactly("name");
        assertThat(hubs.listKeys(hubId, EVERY_KEY).items()).hasSize(1);
    }

    @Test
    void settingsAreValidatedAndStored() {
        Hub hub = newHub("A").hub();
        clock.advance(Duration.ofHours(1));

        Hub updated = hubs.update(hub.id(), s -> new HubSettings(" Ferme B ", " America/New_York ", " shop@ferme.example ", s.statusRules(), s.fields(), s.wallet(), s.engagementRules()));
        assertThat(updated.name()).isEqualTo("Ferme B");
        assertThat(updated.timezone()).isEqualTo("America/New_York");
        assertThat(updated.senderEmail()).isEqualTo("shop@ferme.example");
        assertThat(updated.currency()).as("fixed at creation").isEqualTo("EUR");
        assertThat(updated.version()).isEqualTo(hub.version() + 1);
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
        assertThat(hubs.get(hub.id())).isEqualTo(updated);

        Hub cleared = hubs.update(hub.id(), s -> new HubSettings(s.name(), s.timezone(), "  ", s.statusRules(), s.fields(), s.wallet(), s.engagementRules()));
        assertThat(cleared.senderEmail()).isNull();
        assertThat(hubs.get(hub.id()).senderEmail()).isNull();
    }

    @Test
    void invalidSettingsAreAllNamedAndChangeNothing() {
        Hub hub = newHub("A").hub();
        assertThat(errorFields(() -> hubs.update(hub.id(), s -> new HubSettings("  ", "Mars/Olympus", "not-an-email", s.statusRules(), s.fields(), s.wallet(), s.engagementRules()))))
                .containsExactlyInAnyOrder("name", "timezone", "senderEmail");
        assertThat(errorFields(() -> hubs.update(hub.id(), s -> new HubSettings("x".repeat(101), s.timezone(), null, s.statusRules(), s.fields(), s.wallet(), s.engagementRules()))))
                .containsExactly("name");
        assertThat(errorFields(() -> hubs.update(hub.id(), s -> new HubSettings("A\nB", s.timezone(), null, s.statusRules(), s.fields(), s.wallet(), s.engagementRules()))))
                .containsExactly("name");
        for (String zone : List.of("", "europe/paris", "Europe/Pariss", "Paris")) {
            assertThat(errorFields(() -> hubs.update(hub.id(), s -> new HubSettings(s.name(), zone, null, s.statusRules(), s.fields(), s.wallet(), s.engagementRules())))).as(zone)
                    .containsExactly("timezone");
        }
        assertThat(errorFields(() -> hubs.update(hub.id(), s -> new HubSettings(s.name(), null, null, s.statusRules(), s.fields(), s.wallet(), s.engagementRules())))).containsExactly("timezone");
        assertThat(hubs.get(hub.id())).isEqualTo(hub);
    }

    @Test
    void aNewHubNeedsANameAndAnIsoCurrency() {
        for (String currency : Arrays.asList("EURO", "eur", "", " ", "E", "ZZZ", "€", null)) {
            assertThat(errorFields(() -> hubs.create(new NewHub("Hub", currency, null)))).as("'%s'", currency)
                    .containsExactly("currency");
        }
        assertThat(errorFields(() -> hubs.create(new NewHub(" ", "nope", "Nowhere/Land"))))
                .containsExactlyInAnyOrder("name", "currency", "timezone");
        assertThat(hubs.create(new NewHub("Hub", "CHF", "Europe/Zurich")).hub().currency()).isEqualTo("CHF");
        assertThat(hubs.create(new NewHub("Hub", "JPY", " Asia/Tokyo ")).hub().timezone()).isEqualTo("Asia/Tokyo");
    }
}
