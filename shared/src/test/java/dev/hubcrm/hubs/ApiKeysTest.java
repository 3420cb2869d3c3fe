package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.Ids;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void anIssuedKeyParsesBackToItsHubAndKeyAndIsStoredOnlyAsItsHash() {
        String hubId = Ids.newId("hub");
        IssuedKey issued = ApiKeys.issue(hubId, "shop", NOW);

        assertThat(issued.secret()).startsWith("hcrm." + hubId + "." + issued.key().id() + ".");
        assertThat(ApiKeys.parse(issued.secret())).contains(new ApiKeys.KeyRef(hubId, issued.key().id()));
        assertThat(Ids.looksLike("key", issued.key().id())).isTrue();

        ApiKey stored = issued.key();
        assertThat(stored.name()).isEqualTo("shop");
        assertThat(stored.createdAt()).isEqualTo(NOW);
        assertThat(stored.active()).isTrue();
        assertThat(stored.sha256()).isEqualTo(ApiKeys.sha256(issued.secret()));
        assertThat(stored.sha256()).doesNotContain(issued.secret().substring(issued.secret().lastIndexOf('.') + 1));
    }

    @Test
    void theSecretPartCarries256RandomBits() {
        String hubId = Ids.newId("hub");
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String key = ApiKeys.issue(hubId, null, NOW).secret();
            String secret = key.substring(key.lastIndexOf('.') + 1);
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            secrets.add(secret);
        }
        assertThat(secrets).as("no two keys share a secret").hasSize(50);
    }

    @Test
    void parseRefusesWhatIsNotAKey() {
        String hubId = Ids.newId("hub");
        String keyId = Ids.newId("key");
        assertThat(ApiKeys.parse("hcrm." + hubId + "." + keyId + ".secret")).isPresent();
        for (String bad : List.of("", "hcrm", "garbage", "hcrm...", "Bearer hcrm." + hubId + "." + keyId + ".s",
                "hcrx." + hubId + "." + keyId + ".s",
                "hcrm." + keyId + "." + hubId + ".s",
                "hcrm." + hubId + "." + keyId,
                "hcrm." + hubId + "." + keyId + ".s.extra",
                "hcrm." + hubId.toLowerCase() + "." + keyId + ".s",
                "hcrm.hub_123." + keyId + ".s",
                "hcrm." + hubId + "." + keyId.substring(0, keyId.length() - 1) + ".s")) {
            assertThat(ApiKeys.parse(bad)).as("'%s'", bad).isEmpty();
        }
    }

    @Test
    void sha256IsHexOfTheUtf8Digest() {
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ApiKeys.sha256("é")).isEqualTo(ApiKeys.sha256("\u00e9")).isNotEqualTo(ApiKeys.sha256("e\u0301"));
    }

    @Test
    void sameDigestComparesWholeDigests() {
        String a = ApiKeys.sha256("abc");
        assertThat(ApiKeys.sameDigest(a, ApiKeys.sha256("abc"))).isTrue();
        assertThat(ApiKeys.sameDigest(a, ApiKeys.sha256("abd"))).isFalse();
        assertThat(ApiKeys.sameDigest(a, a.substring(0, 63))).isFalse();
        assertThat(ApiKeys.sameDigest(a, a + "0")).isFalse();
        assertThat(ApiKeys.sameDigest(a, null)).isFalse();
        assertThat(ApiKeys.sameDigest(null, a)).isFalse();
        assertThat(ApiKeys.sameDigest(null, null)).isFalse();
    }
}
