package dev.hubcrm.hubs;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.Emails;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hub's own sender ({@code PUT/GET /v1/hub/sender}): an address or a domain made an SES
 * identity, with the DKIM records to publish and its verification status, recorded on the hub
 * (where the mail paths read it through {@link MailOrigin}).
 */
public final class SenderIdentityService {
    /** RFC 1035: at most 253 characters, labels of 1-63 letters, digits or inner hyphens, a top-level name of letters. */
    static final int MAX_DOMAIN_LENGTH = 253;
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private final HubService hubs;
    private final SenderIdentities identities;
    private final Quotas quotas;
    private final Clock clock;

    public SenderIdentityService(HubService hubs, SenderIdentities identities, Quotas quotas, Clock clock) {
        this.hubs = hubs;
        this.identities = identities;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** What {@code PUT /v1/hub/sender} asks for: exactly one of them. */
    public record Request(String email, String domain) {
    }

    /**
     * Makes the address or domain the hub's sender: creates its SES identity (or reads the one that
     * exists) and records it on the hub. An identity made for another hub, or outside hubcrm (the
     * platform's own), is a 409: identities are the account's, and a verified one sends for whoever names it.
     */
    public SenderIdentity set(String hubId, Request request) {
        String name = validName(request);
        SenderIdentity.Kind kind = name.contains("@") ? SenderIdentity.Kind.EMAIL : SenderIdentity.Kind.DOMAIN;
        quotas.take(hubId, Quota.SENDER_IDENTITIES);
        SenderIdentities.Identity identity = identities.createOrRead(name, hubId);
        if (!hubId.equals(identity.ownerHubId())) {
            String field = kind.wire();
            throw new ConflictException("this " + field + " is already an SES identity that is not this hub's",
                    new FieldError(field, "is already another sender's identity"));
        }
        return hubs.updateSender(hubId, current -> current != null && current.name().equals(name) && current.kind() == kind
                ? current.as(identity.status(), identity.dkimTokens(), clock.instant())
                : new SenderIdentity(kind, name, identity.status(), identity.dkimTokens(), clock.instant())).sender();
    }

    /**
     * The hub's sender with its status read from SES, a change recorded on the hub. Past
     * {@link Quota#SENDER_CHECKS}, the status last read is answered without asking SES.
     */
    public SenderIdentity get(String hubId) {
        SenderIdentity recorded = hubs.get(hubId).sender();
        if (recorded == null) {
            throw new NotFoundException("the hub has no sender identity yet: PUT /v1/hub/sender sets one");
        }
        if (quotas.checkAndCount(hubId, Quota.SENDER_CHECKS, null) instanceof Quotas.Decision.RetryAfter) {
            return recorded;
        }
        // An identity deleted in SES since is no longer started: the hub sets it again.
        SenderIdentities.Identity current = identities.read(recorded.name())
                .orElse(new SenderIdentities.Identity(hubId, SenderIdentity.Status.NOT_STARTED, recorded.dkimTokens()));
        return hubs.updateSender(hubId, latest -> latest.name().equals(recorded.name()) && latest.kind() == recorded.kind()
                ? latest.as(current.status(), current.dkimTokens(), clock.instant())
                : latest).sender();
    }

    /** The identity's name as SES gets it (trimmed, lower case), or a 422 naming {@code email} or {@code domain}. */
    public static String validName(Request request) {
        String email = Text.blankToNull(request.email());
        String domain = Text.blankToNull(request.domain());
        if ((email == null) == (domain == null)) {
            throw new ValidationException(List.of(
                    new FieldError("email", "give either an email address or a domain"),
                    new FieldError("domain", "give either an email address or a domain")));
        }
        if (email != null) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            if (!Emails.isValid(address)) {
                throw ValidationException.of("email", "is not a valid email address");
            }
            return address;
        }
        String name = domain.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.length() > MAX_DOMAIN_LENGTH || !DOMAIN.matcher(name).matches()) {
            throw ValidationException.of("domain", "must be a domain name such as example.com (letters, digits, hyphens and dots)");
        }
        return name;
    }
}
