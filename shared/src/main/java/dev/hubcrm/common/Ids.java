package dev.hubcrm.common;

import com.github.f4b6a3.ulid.UlidCreator;

/**
 * Opaque ids: a type prefix and a monotonic ULID ({@code cus_01J9...}), so ids sort by creation
 * time and say what they identify when they show up in a log or a support ticket.
 */
public final class Ids {
    private Ids() {
    }

    public static String newId(String prefix) {
        return prefix + "_" + UlidCreator.getMonotonicUlid().toString();
    }

    /** The id, or its start when someone sent something far longer than an id (to quote it safely). */
    public static String shorten(String id) {
        return id.length() <= 40 ? id : id.substring(0, 40) + "…";
    }

    /** Whether {@code id} has the shape {@link #newId} gives for {@code prefix}. */
    public static boolean looksLike(String prefix, String id) {
        return id != null && id.length() == prefix.length() + 27 && id.startsWith(prefix + "_")
                && id.substring(prefix.length() + 1).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
    }
}
