package dev.hubcrm.store;

import dev.hubcrm.common.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque list cursors: the sort key a page ended at, base64url-encoded. The hub is never part of
 * a cursor (it comes from the key), and a cursor is only accepted by the list it came from.
 */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key to continue after, null for the first page. */
    public static String decode(String cursor, String expectedPrefix) {
        if (cursor == null) {
            return null;
        }
        try {
            String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (sortKey.startsWith(expectedPrefix)) {
                return sortKey;
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below like any other cursor that is not from this list
        }
        throw ValidationException.of("cursor", "is not a cursor of this list; pass nextCursor of the previous page with the same filters");
    }
}
