package dev.hubcrm.imports;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Where files too large for a request or a response body wait: uploads between the client's PUT
 * and the import that reads them, and exports between the worker that writes them and the client's
 * GET. S3 in the stack (presigned URLs), the local server's own store in {@code ./dev run}.
 */
public interface UploadStore {

    /**
     * A URL the client can {@code PUT} a file of exactly {@code size} bytes to, without any other
     * credential, until {@code expiresAt}: the size is signed, so a file of another size is refused.
     */
    URI uploadUrl(String key, long size, Instant expiresAt);

    /**
     * A URL the client can {@code GET} the file under {@code key} from, without any other
     * credential, until {@code expiresAt}; it is offered as a download named {@code fileName}.
     */
    URI downloadUrl(String key, Instant expiresAt, String fileName);

    /** Stores the file at {@code file} under {@code key}, read from disk part by part (never whole in memory). */
    void put(String key, Path file, String contentType);

    /** The size of the file stored under {@code key}; empty when nothing was uploaded there. */
    OptionalLong size(String key);

    /** The file under {@code key} and the {@code Content-Type} it was uploaded with (null when none). */
    StoredFile read(String key);

    void delete(String key);

    record StoredFile(byte[] bytes, String contentType) {
    }
}
