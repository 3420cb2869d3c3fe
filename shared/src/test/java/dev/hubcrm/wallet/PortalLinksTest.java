package dev.hubcrm.wallet;

import dev.hubcrm.config.AppContext;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Portal tokens: what they open, and that changed, foreign or expired ones open nothing. */
class PortalLinksTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private final PortalLinks links = new PortalLinks(() -> "portal-secret", () -> AppContext.LOCAL_BASE_URL);

    @Test
    void aTokenOpensItsCustomersPortalUntilItExpires() {
        Instant expiresAt = NOW.plus(PortalLinks.VALIDITY);
        String token = links.token("hub_01", "cus_01", 3, expiresAt);

        assertThat(links.verify(token, NOW)).contains(new PortalLinks.Portal("hub_01", "cus_01", expiresAt, 3));
        assertThat(links.verify(token, expiresAt.minus(Duration.ofSeconds(1)))).isPresent();
        assertThat(links.verify(token, expiresAt)).isEmpty();
    }

    @Test
    void aChangedOrForeignTokenOpensNothing() {
        String token = links.token("hub_01", "cus_01", 0, NOW.plus(PortalLinks.VALIDITY));
        String otherCustomer = links.token("hub_01", "cus_02", 0, NOW.plus(PortalLinks.VALIDITY));
        String forged = otherCustomer.substring(0, otherCustomer.indexOf('.')) + token.substring(token.indexOf('.'));

        assertThat(links.verify(forged, NOW)).isEmpty();
        assertThat(links.verify(token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"), NOW)).isEmpty();
        assertThat(new PortalLinks(() -> "another-secret", () -> AppContext.LOCAL_BASE_URL).verify(token, NOW)).isEmpty();
        assertThat(links.verify("not-a-token", NOW)).isEmpty();
        assertThat(links.verify("", NOW)).isEmpty();
    }
}
