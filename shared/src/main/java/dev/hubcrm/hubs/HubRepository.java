package dev.hubcrm.hubs;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.time.Instant;
import java.util.Optional;

/** Where hubs and their API keys are kept. */
public interface HubRepository {

    /** Stores a new hub with its first key, both or neither. */
    void create(Hub hub, ApiKey firstKey);

    Optional<Hub> find(String hubId);

    /** Replaces {@code current} if it is still the stored version; false when another write came first. */
    boolean replace(Hub current, Hub next);

    /** Adds a key unless the hub already has {@code maxActive} active keys; false when it has. */
    boolean addKey(String hubId, ApiKey key, int maxActive);

    Optional<ApiKey> findKey(String hubId, String keyId);

    Page<ApiKey> listKeys(String hubId, PageRequest page);

    enum Revocation { REVOKED, NOT_FOUND, LAST_ACTIVE_KEY }

    /** Revokes an active key unless it is the hub's last one. */
    Revocation revokeKey(String hubId, String keyId, Instant at);
}
