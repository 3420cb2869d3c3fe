package dev.hubcrm.imports;

import java.net.URI;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Where files too large for a request body wait between the client's upload and the import that
 * reads them: S3 in the stack (a presigned PUT), the local server's own store in {@code ./dev run}.
 */
public interface UploadStore {

    /** A URL the client can {@code PUT} the file to, without any other credential, until {@code expiresAt}. */
    URI uploadUrl(String key, Instant expiresAt);

    /** The size of the file stored under {@code key}; empty when nothing was uploaded there. */
    OptionalLong size(String key);

    /** The file under {@code key} and the {@code Content-Type} it was uploaded with (null when none). */
    StoredFile read(String key);

    void delete(String key);

    record StoredFile(byte[] bytes, String contentType) {
    }
}
