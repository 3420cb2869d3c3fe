package dev.hubcrm.wallet;

import dev.hubcrm.common.SignedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signed, expiring links to a customer's wallet portal: the token names hub, customer, expiry and
 * the customer's portal version, and carries an HMAC-SHA256 of them under the portal secret. A
 * token whose signature does not verify, or that has expired, is no token (the portal answers 404
 * for both); one of an older version than the customer's is revoked (checked by the wallet).
 */
public final class PortalLinks {
    public static final Duration VALIDITY = Duration.ofDays(7);

    /** Whose portal a valid token opens, at which of the customer's portal versions. */
    public record Portal(String hubId, String customerId, Instant expiresAt, long version) {
    }

    /** The portal's routes, under the API's public base URL. */
    public static final String PATH = "/portal/";

    private final SignedTokens tokens;
    private final Supplier<String> baseUrl;

    /**
     * @param baseUrl the API's public base URL, asked for on the first link (portal links leave the system:
     *                mails, Checkout's return page); functions that only verify tokens never need it
     */
    public PortalLinks(Supplier<String> secret, Supplier<String> baseUrl) {
        this.tokens = new SignedTokens(secret);
        this.baseUrl = baseUrl;
    }

    /** The absolute link to a customer's portal, at its current portal {@code version}. */
    public String url(String hubId, String customerId, long version, Instant expiresAt) {
        return baseUrl.get() + PATH + token(hubId, customerId, version, expiresAt);
    }

    public String token(String hubId, String customerId, long version, Instant expiresAt) {
        return tokens.sign(hubId + "." + customerId + "." + expiresAt.getEpochSecond() + "." + version);
    }

    public Optional<Portal> verify(String token, Instant now) {
        return tokens.verify(token).flatMap(payload -> {
            String[] parts = payload.split("\\.");
            if (parts.length != 3 && parts.length != 4) {
                return Optional.empty();
            }
            try {
                Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
                // links made before portal versions existed are of version 0, which the first revocation ends
                long version = parts.length == 4 ? Long.parseLong(parts[3]) : 0;
                return now.isBefore(expiresAt) ? Optional.of(new Portal(parts[0], parts[1], expiresAt, version)) : Optional.empty();
            } catch (NumberFormatException notAPortalToken) {
                return Optional.empty();
            }
        });
    }
}
