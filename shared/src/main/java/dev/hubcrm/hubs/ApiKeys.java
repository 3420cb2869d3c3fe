package dev.hubcrm.hubs;

import dev.hubcrm.common.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Hub API keys look like {@code hcrm.<hubId>.<keyId>.<secret>}: the hub and key ids say where the
 * hash is stored (in the hub's own partition, so even key lookup is tenant-scoped), the 256-bit
 * secret is what proves possession. Only {@code sha256(key)} is stored.
 */
public final class ApiKeys {
    private static final String SCHEME = "hcrm";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** Where a presented key claims to be stored. */
    public record KeyRef(String hubId, String keyId) {
    }

    public static IssuedKey issue(String hubId, String name, Instant now) {
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String keyId = Ids.newId("key");
        String secret = String.join(".", SCHEME, hubId, keyId,
                Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes));
        return new IssuedKey(new ApiKey(keyId, name, sha256(secret), now, null), secret);
    }

    public static Optional<KeyRef> parse(String presented) {
        String[] parts = presented.split("\\.", -1);
        if (parts.length == 4 && parts[0].equals(SCHEME) && Ids.looksLike("hub", parts[1]) && Ids.looksLike("key", parts[2])) {
            return Optional.of(new KeyRef(parts[1], parts[2]));
        }
        return Optional.empty();
    }

    public static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Compares two hex digests in time independent of where they differ. */
    public static boolean sameDigest(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(
                a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
