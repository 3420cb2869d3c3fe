package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who a hub's mail is from, and where replies go, before and after its sender identity is verified. */
class MailOriginTest {
    private static final String PLATFORM = "wallet@platform.example";
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void withoutAnIdentityMailComesFromThePlatformUnderTheHubsNameRepliesToItsAddress() {
        assertThat(MailOrigin.of(hub("hello@farm.example", null), PLATFORM))
                .isEqualTo(new MailOrigin("\"Green Box\" <wallet@platform.example>", "hello@farm.example"));
        assertThat(MailOrigin.of(hub(null, null), PLATFORM))
                .isEqualTo(new MailOrigin("\"Green Box\" <wallet@platform.example>", null));
    }

    @Test
    void anUnverifiedAddressIsWhereRepliesGo() {
        MailOrigin origin = MailOrigin.of(hub("hello@farm.example", identity(SenderIdentity.Kind.EMAIL, "news@farm.example",
                SenderIdentity.Status.PENDING)), PLATFORM);

        assertThat(origin).isEqualTo(new MailOrigin("\"Green Box\" <wallet@platform.example>", "news@farm.example"));
    }

    @Test
    void anUnverifiedDomainLeavesRepliesToTheSenderEmail() {
        MailOrigin origin = MailOrigin.of(hub("hello@farm.example", identity(SenderIdentity.Kind.DOMAIN, "farm.example",
                SenderIdentity.Status.FAILED)), PLATFORM);

        assertThat(origin).isEqualTo(new MailOrigin("\"Green Box\" <wallet@platform.example>", "hello@farm.example"));
    }

    @Test
    void aVerifiedAddressIsTheFromAndNeedsNoReplyTo() {
        MailOrigin origin = MailOrigin.of(hub("hello@farm.example", identity(SenderIdentity.Kind.EMAIL, "news@farm.example",
                SenderIdentity.Status.VERIFIED)), PLATFORM);

        assertThat(origin).isEqualTo(new MailOrigin("\"Green Box\" <news@farm.example>", null));
        assertThat(origin.withReplyTo(Map.of("List-Unsubscribe", "<u>"))).containsExactly(Map.entry("List-Unsubscribe", "<u>"));
    }

    @Test
    void aVerifiedDomainSendsFromTheSenderEmailWhenItIsInTheDomain() {
        assertThat(MailOrigin.of(hub("Hello@Farm.example", identity(SenderIdentity.Kind.DOMAIN, "farm.example",
                SenderIdentity.Status.VERIFIED)), PLATFORM)).isEqualTo(new MailOrigin("\"Green Box\" <Hello@Farm.example>", null));
    }

    @Test
    void aVerifiedDomainSendsFromNoreplyWithRepliesToAnAddressElsewhere() {
        MailOrigin origin = MailOrigin.of(hub("box@mail.example", identity(SenderIdentity.Kind.DOMAIN, "farm.example",
                SenderIdentity.Status.VERIFIED)), PLATFORM);

        assertThat(origin).isEqualTo(new MailOrigin("\"Green Box\" <noreply@farm.example>", "box@mail.example"));
        assertThat(origin.withReplyTo(Map.of())).containsExactly(Map.entry("Reply-To", "box@mail.example"));
    }

    @Test
    void aNameCannotBreakOutOfItsQuotes() {
        Hub hub = hub(null, null);
        Hub named = new Hub(hub.id(), "Box \"A\"\r\nBcc: x@y.example", hub.currency(), hub.timezone(), null, hub.statusRules(),
                hub.fields(), hub.wallet(), List.of(), null, null, 1, NOW, NOW, 1);

        assertThat(MailOrigin.of(named, PLATFORM).from()).isEqualTo("\"Box  A   Bcc: x@y.example\" <wallet@platform.example>");
    }

    private static SenderIdentity identity(SenderIdentity.Kind kind, String name, SenderIdentity.Status status) {
        return new SenderIdentity(kind, name, status, List.of(), NOW);
    }

    private static Hub hub(String senderEmail, SenderIdentity sender) {
        return new Hub("hub_1", "Green Box", "EUR", "UTC", senderEmail, StatusRules.DEFAULT, List.of(), WalletSettings.DEFAULT,
                List.of(), null, sender, 1, NOW, NOW, 1);
    }
}
