package dev.hubcrm.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.config.AwsClients;
import dev.hubcrm.hubs.SenderIdentities;
import dev.hubcrm.hubs.SenderIdentity;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Tag;

/**
 * The sender identity adapter against moto's SES v2. moto creates identities not yet verified for
 * sending and gives no DKIM tokens through SES v2 (so records are empty here), and keeps tags: what
 * marks an identity as a hub's.
 */
class SesSenderIdentitiesTest {
    private static EmulatorProcess moto;
    private static SesV2Client ses;
    private static SesSenderIdentities identities;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        ses = AwsClients.emulator(SesV2Client.builder(), moto.endpoint());
        identities = new SesSenderIdentities(ses);
    }

    @AfterAll
    static void stopMoto() {
        ses.close();
        moto.close();
    }

    @Test
    void aNewIdentityIsCreatedInSesTaggedWithItsHubAndPending() {
        SenderIdentities.Identity created = identities.createOrRead("farm.example", "hub_a");

        assertThat(created.ownerHubId()).isEqualTo("hub_a");
        assertThat(created.status()).isEqualTo(SenderIdentity.Status.PENDING);
        var inSes = ses.getEmailIdentity(r -> r.emailIdentity("farm.example"));
        assertThat(inSes.identityTypeAsString()).isEqualTo("DOMAIN");
        assertThat(inSes.tags()).containsExactly(Tag.builder().key(SesSenderIdentities.HUB_TAG).value("hub_a").build());
        assertThat(identities.read("farm.example")).contains(created);
    }

    @Test
    void anExistingIdentityIsReadWithItsOwnerNotCreatedAgain() {
        identities.createOrRead("news@dairy.example", "hub_a");

        SenderIdentities.Identity again = identities.createOrRead("news@dairy.example", "hub_b");

        assertThat(again.ownerHubId()).isEqualTo("hub_a");
        assertThat(ses.getEmailIdentity(r -> r.emailIdentity("news@dairy.example")).tags())
                .extracting(Tag::value).containsExactly("hub_a");
    }

    @Test
    void anIdentityMadeOutsideHubcrmHasNoOwner() {
        ses.createEmailIdentity(r -> r.emailIdentity("wallet@platform.example"));

        assertThat(identities.createOrRead("wallet@platform.example", "hub_a").ownerHubId()).isNull();
    }

    @Test
    void anUnknownIdentityReadsAsNone() {
        assertThat(identities.read("nobody.example")).isEmpty();
    }

    @Test
    void onlyVerifiedForSendingIsVerifiedAndSuccessShortOfThatIsPending() {
        assertThat(SesSenderIdentities.status(true, "SUCCESS")).isEqualTo(SenderIdentity.Status.VERIFIED);
        assertThat(SesSenderIdentities.status(false, "SUCCESS")).isEqualTo(SenderIdentity.Status.PENDING);
        assertThat(SesSenderIdentities.status(false, null)).isEqualTo(SenderIdentity.Status.PENDING);
        assertThat(SesSenderIdentities.status(false, "FAILED")).isEqualTo(SenderIdentity.Status.FAILED);
        assertThat(SesSenderIdentities.status(null, "TEMPORARY_FAILURE")).isEqualTo(SenderIdentity.Status.TEMPORARY_FAILURE);
        assertThat(SesSenderIdentities.status(false, "NOT_STARTED")).isEqualTo(SenderIdentity.Status.NOT_STARTED);
    }
}
