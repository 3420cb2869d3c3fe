package dev.hubcrm.imports;

import com.github.f4b6a3.ulid.Ulid;
import dev.hubcrm.common.Ids;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids of imports, and the id a row of an import gives the customer it creates. The customer id is
 * derived from (import, row), never random, so that a chunk delivered twice, or retried after a
 * crash, finds the customer its first run created instead of creating another. It is a ULID like
 * every other id: the import's time, then 48 bits of the import id's hash and the row number.
 */
public final class ImportIds {
    public static final String PREFIX = "imp";

    private ImportIds() {
    }

    public static String newImportId() {
        return Ids.newId(PREFIX);
    }

    public static boolean looksLikeImportId(String id) {
        return Ids.looksLike(PREFIX, id);
    }

    /** The id of the customer that row {@code row} of import {@code importId} creates, if it creates one. */
    public static String customerId(String importId, int row) {
        if (!looksLikeImportId(importId)) {
            throw new IllegalArgumentException("not an import id: " + importId);
        }
        long time = Ulid.from(importId.substring(PREFIX.length() + 1)).getTime();
        byte[] random = ByteBuffer.allocate(10).put(sha256(importId), 0, 6).putInt(row).array();
        return "cus_" + new Ulid(time, random);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
