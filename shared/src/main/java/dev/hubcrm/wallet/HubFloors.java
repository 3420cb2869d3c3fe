package dev.hubcrm.wallet;

import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hubs' wallet floors as a charge needs them, remembered per function instance for a short
 * while so that a charge does not read its hub first (ADR 8). A stale floor is only ever used as
 * the value of the charge's own conditional write; {@link #fresh} reads the hub again and replaces
 * what was remembered.
 */
final class HubFloors {
    /** How long a floor read from the hub is used before it is read again. */
    static final Duration CACHE_FOR = Duration.ofSeconds(30);
    private static final int MAX_HUBS = 1000;

    private final HubService hubs;
    private final Duration cacheFor;
    private final Clock clock;
    private final Map<String, Floor> floors = new ConcurrentHashMap<>();

    private record Floor(long floor, Instant until) {
    }

    HubFloors(HubService hubs, Duration cacheFor, Clock clock) {
        this.hubs = hubs;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    /** The hub's floor, as read at most {@link #cacheFor} ago. */
    long floor(String hubId) {
        Floor known = floors.get(hubId);
        if (known != null && known.until().isAfter(clock.instant())) {
            return known.floor();
        }
        return fresh(hubId).wallet().floor();
    }

    /** The hub as it is now; its floor is remembered from now on. */
    Hub fresh(String hubId) {
        Instant now = clock.instant();
        Hub hub = hubs.get(hubId);
        if (!cacheFor.isZero()) {
            if (floors.size() >= MAX_HUBS) {
                floors.clear();
            }
            floors.put(hubId, new Floor(hub.wallet().floor(), now.plus(cacheFor)));
        }
        return hub;
    }
}
