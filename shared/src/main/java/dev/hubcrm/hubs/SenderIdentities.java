package dev.hubcrm.hubs;

import java.util.List;
import java.util.Optional;

/**
 * Where sender identities are verified: SES v2 email identities in the stack. Identities are the
 * account's, shared by every hub, so each one created for a hub is marked as that hub's.
 */
public interface SenderIdentities {

    /**
     * One identity as the provider shows it.
     *
     * @param ownerHubId the hub it was created for; null when it was created outside hubcrm (the platform's own)
     */
    record Identity(String ownerHubId, SenderIdentity.Status status, List<String> dkimTokens) {
    }

    /** The identity named {@code name} (an address or a domain), created for {@code hubId} if there is none yet. */
    Identity createOrRead(String name, String hubId);

    /** The identity, if it exists. */
    Optional<Identity> read(String name);
}
