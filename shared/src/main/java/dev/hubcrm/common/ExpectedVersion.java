package dev.hubcrm.common;

import java.util.Set;

/**
 * The versions a write may apply to, as {@code If-Match} says (RFC 9110 §13.1.1): whatever is
 * current (no header, or {@code *}), or one of the listed strong entity tags. A list of only weak,
 * unknown or malformed tags is {@link #NONE}: it matches no version, so the write is refused (412).
 */
public record ExpectedVersion(boolean any, Set<Long> versions) {
    /** No {@code If-Match}, or {@code *}: the current version, whichever it is. */
    public static final ExpectedVersion ANY = new ExpectedVersion(true, Set.of());
    /** {@code If-Match} without a tag this API could have given out. */
    public static final ExpectedVersion NONE = new ExpectedVersion(false, Set.of());

    public ExpectedVersion {
        versions = Set.copyOf(versions);
    }

    public static ExpectedVersion of(long version) {
        return new ExpectedVersion(false, Set.of(version));
    }

    public boolean matches(long current) {
        return any || versions.contains(current);
    }
}
