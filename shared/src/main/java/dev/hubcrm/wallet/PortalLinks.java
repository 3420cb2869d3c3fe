package dev.hubcrm.wallet;

import dev.hubcrm.common.SignedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signed, expiring links to a customer's wallet portal: the token names hub, customer and expiry
 * and carries an HMAC-SHA256 of them under the portal secret. A token whose signature does not
 * verify, or that has expired, is no token (the portal answers 404 for both).
 */
public final class PortalLinks {
    public static final Duration VALIDITY = Duration.ofDays(7);

    /** Whose portal a valid token opens. */
    public record Portal(String hubId, String customerId, Instant expiresAt) {
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

    /** The absolute link to a customer's portal. */
    public String url(String hubId, String customerId, Instant expiresAt) {
        return baseUrl.get() + PATH + token(hubId, customerId, expiresAt);
    }

    public String token(String hubId, String customerId, Instant expiresAt) {
        return tokens.sign(hubId + "." + customerId + "." + expiresAt.getEpochSecond());
    }

    public Optional<Portal> verify(String token, Instant now) {
        return tokens.verify(token).flatMap(payload -> {
            String[] parts = payload.split("\\.");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
                return now.isBefore(expiresAt) ? Optional.of(new Portal(parts[0], parts[1], expiresAt)) : Optional.empty();
            } catch (NumberFormatException notAnExpiry) {
                return Optional.empty();
            }
        });
    }
}
