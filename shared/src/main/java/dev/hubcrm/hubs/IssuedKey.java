package dev.hubcrm.hubs;

/** A key just made: {@code secret} is shown to the hub once and never stored. */
public record IssuedKey(ApiKey key, String secret) {
}
