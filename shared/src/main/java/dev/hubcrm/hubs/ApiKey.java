package dev.hubcrm.hubs;

import java.time.Instant;

/** A hub API key as stored: only the SHA-256 of the secret key, never the key. */
public record ApiKey(String id, String name, String sha256, Instant createdAt, Instant revokedAt) {
    public boolean active() {
        return revokedAt == null;
    }
}
