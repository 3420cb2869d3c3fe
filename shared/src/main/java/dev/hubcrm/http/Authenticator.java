package dev.hubcrm.http;

import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.HubService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer-key authentication. The operator key is compared by its SHA-256 (the deployed stack only
 * knows the hash); hub keys are looked up in their hub's partition and compared by hash in
 * constant time. A verified hub key is remembered for a short while so that a warm function does
 * not read the key item on every request: revoking a key takes effect within that time.
 */
public final class Authenticator {
    private static final int MAX_CACHED_KEYS = 1000;

    private final String operatorKeySha256;
    private final HubService hubs;
    private final Duration cacheFor;
    private final Clock clock;
    private final Map<String, CachedHub> verified = new ConcurrentHashMap<>();

    private record CachedHub(String hubId, Instant until) {
    }

    public Authenticator(String operatorKeySha256, HubService hubs, Duration cacheFor, Clock clock) {
        this.operatorKeySha256 = operatorKeySha256;
        this.hubs = hubs;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    /** Who the operator is, as operator changes record it: {@code operator:} and the first 12 hex digits of its key's SHA-256. */
    public String requireOperator(Optional<String> authorization) {
        String digest = ApiKeys.sha256(bearer(authorization));
        if (!ApiKeys.sameDigest(digest, operatorKeySha256)) {
            throw ApiException.unauthorized();
        }
        return "operator:" + digest.substring(0, 12);
    }

    /**
     * The hub whose active key was presented.
     *
     * @param fresh check the key in the table even when it was verified a moment ago (key
     *     management and settings: a revoked key must not act there for the rest of the cache time)
     */
    public String hubFor(Optional<String> authorization, boolean fresh) {
        String key = bearer(authorization);
        String digest = ApiKeys.sha256(key);
        Instant now = clock.instant();
        CachedHub cached = fresh ? null : verified.get(digest);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.hubId();
        }
        Optional<String> found = hubs.hubForKey(key);
        if (found.isEmpty()) {
            verified.remove(digest); // revoked: no route of this instance takes it any more
            throw ApiException.unauthorized();
        }
        String hubId = found.get();
        if (!cacheFor.isZero()) {
            if (verified.size() >= MAX_CACHED_KEYS) {
                verified.clear();
            }
            verified.put(digest, new CachedHub(hubId, now.plus(cacheFor)));
        }
        return hubId;
    }

    private static String bearer(Optional<String> authorization) {
        String value = authorization.orElseThrow(ApiException::unauthorized).strip();
        if (value.length() < 8 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw ApiException.unauthorized();
        }
        return value.substring(7).strip();
    }
}
