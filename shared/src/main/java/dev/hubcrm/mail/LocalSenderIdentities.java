package dev.hubcrm.mail;

import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.SenderIdentities;
import dev.hubcrm.hubs.SenderIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The sender identities of the local server, where no SES exists: kept in memory for the run,
 * pending until {@code POST /_local/sender-identities/{name}/verify} verifies one (what DNS records
 * or a clicked link do in SES). A domain gets three DKIM tokens made from its name, as SES gives a
 * domain; an address none, as SES gives an address.
 */
public final class LocalSenderIdentities implements SenderIdentities {
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();

    @Override
    public Identity createOrRead(String name, String hubId) {
        return identities.computeIfAbsent(name, n -> new Identity(hubId, SenderIdentity.Status.PENDING, tokens(n)));
    }

    @Override
    public Optional<Identity> read(String name) {
        return Optional.ofNullable(identities.get(name));
    }

    /** Marks the identity verified; false when there is none of that name. */
    public boolean verify(String name) {
        return identities.computeIfPresent(name, (n, identity) ->
                new Identity(identity.ownerHubId(), SenderIdentity.Status.VERIFIED, identity.dkimTokens())) != null;
    }

    private static List<String> tokens(String name) {
        if (name.contains("@")) {
            return List.of();
        }
        return IntStream.range(0, 3).mapToObj(i -> ApiKeys.sha256(i + ":" + name).substring(0, 32)).toList();
    }
}
