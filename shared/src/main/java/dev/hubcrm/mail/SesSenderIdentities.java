package dev.hubcrm.mail;

import dev.hubcrm.hubs.SenderIdentities;
import dev.hubcrm.hubs.SenderIdentity;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sesv2.model.DkimAttributes;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.Tag;

/**
 * Sender identities as SES v2 email identities. Each one hubcrm creates carries the tag
 * {@value #HUB_TAG} with the hub's id: identities are the account's, so the tag is what says whose
 * one is (one without it was made outside hubcrm, such as the platform's own {@code MailFrom}).
 */
public final class SesSenderIdentities implements SenderIdentities {
    public static final String HUB_TAG = "hubcrm:hub";
    private final SesV2Client ses;

    public SesSenderIdentities(SesV2Client ses) {
        this.ses = ses;
    }

    @Override
    public Identity createOrRead(String name, String hubId) {
        Optional<Identity> existing = read(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            var created = ses.createEmailIdentity(r -> r.emailIdentity(name).tags(Tag.builder().key(HUB_TAG).value(hubId).build()));
            return new Identity(hubId, status(created.verifiedForSendingStatus(), null), tokens(created.dkimAttributes()));
        } catch (AlreadyExistsException e) {
            // made by a concurrent request since the read: whoever made it owns it
            return read(name).orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<Identity> read(String name) {
        GetEmailIdentityResponse identity;
        try {
            identity = ses.getEmailIdentity(r -> r.emailIdentity(name));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        String owner = identity.tags().stream().filter(tag -> HUB_TAG.equals(tag.key())).map(Tag::value).findFirst().orElse(null);
        return Optional.of(new Identity(owner, status(identity.verifiedForSendingStatus(), identity.verificationStatusAsString()),
                tokens(identity.dkimAttributes())));
    }

    /**
     * Verified means SES lets mail leave from it ({@code VerifiedForSendingStatus}); short of that,
     * SES's {@code VerificationStatus}, where a success not yet good for sending still counts as pending.
     */
    static SenderIdentity.Status status(Boolean verifiedForSending, String verificationStatus) {
        if (Boolean.TRUE.equals(verifiedForSending)) {
            return SenderIdentity.Status.VERIFIED;
        }
        return switch (verificationStatus == null ? "PENDING" : verificationStatus) {
            case "FAILED" -> SenderIdentity.Status.FAILED;
            case "TEMPORARY_FAILURE" -> SenderIdentity.Status.TEMPORARY_FAILURE;
            case "NOT_STARTED" -> SenderIdentity.Status.NOT_STARTED;
            default -> SenderIdentity.Status.PENDING;
        };
    }

    private static List<String> tokens(DkimAttributes dkim) {
        return dkim == null ? List.of() : dkim.tokens();
    }
}
