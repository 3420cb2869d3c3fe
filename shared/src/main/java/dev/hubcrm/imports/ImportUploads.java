package dev.hubcrm.imports;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Imports of files larger than a request body may be (Lambda takes 6 MB): the client asks for an
 * upload URL, {@code PUT}s the file there, then starts the import with {@code uploadId}. Each
 * upload sits under its hub's prefix, so another hub's upload id is a 404 like any other id.
 */
public final class ImportUploads {
    /** Largest file an upload may hold: a larger size is refused at once, a larger file when the import reads it. */
    public static final long MAX_UPLOAD_BYTES = 50L * 1024 * 1024;
    /** How long an upload URL stays valid: enough for a slow connection, short for a leaked URL. */
    static final Duration URL_VALIDITY = Duration.ofMinutes(15);
    /** Every upload's key starts so (the stack grants the imports function this prefix only). */
    public static final String KEY_PREFIX = "uploads/";

    private final UploadStore store;
    private final Quotas quotas;
    private final Clock clock;

    public ImportUploads(UploadStore store, Quotas quotas, Clock clock) {
        this.store = store;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** A place to upload one file of {@code size} bytes to. */
    public record Upload(String id, URI uploadUrl, Instant expiresAt, long size, long maxBytes) {
    }

    /** A URL for a file of {@code size} bytes, as the client declares it: the URL takes that size only. Counts against the hub's {@link Quota#IMPORT_UPLOADS}. */
    public Upload create(String hubId, Long size) {
        if (size == null || size < 1 || size > MAX_UPLOAD_BYTES) {
            throw ValidationException.of("size", "is required: the file's size in bytes, from 1 to " + MAX_UPLOAD_BYTES + " (50 MB)");
        }
        quotas.take(hubId, Quota.IMPORT_UPLOADS);
        String id = Ids.newId("upl");
        Instant expiresAt = clock.instant().plus(URL_VALIDITY);
        return new Upload(id, store.uploadUrl(key(hubId, id), size, expiresAt), expiresAt, size, MAX_UPLOAD_BYTES);
    }

    /**
     * The file uploaded under {@code uploadId}.
     *
     * @throws NotFoundException when there is no such upload in this hub, or nothing was uploaded yet
     * @throws ValidationException (field {@code uploadId}) when the file is larger than {@link #MAX_UPLOAD_BYTES}:
     *     it is deleted, never read
     */
    public UploadStore.StoredFile read(String hubId, String uploadId) {
        if (!Ids.looksLike("upl", uploadId)) {
            throw notFound(uploadId);
        }
        OptionalLong size = store.size(key(hubId, uploadId));
        if (size.isEmpty()) {
            throw notFound(uploadId);
        }
        if (size.getAsLong() > MAX_UPLOAD_BYTES) {
            store.delete(key(hubId, uploadId));
            throw ValidationException.of("uploadId", "the uploaded file has " + size.getAsLong() + " bytes; an import takes at most "
                    + MAX_UPLOAD_BYTES + " (50 MB), so it was deleted: split it into several files");
        }
        return store.read(key(hubId, uploadId));
    }

    /** Removes the file once its import is queued (the bucket also expires forgotten uploads). */
    public void delete(String hubId, String uploadId) {
        store.delete(key(hubId, uploadId));
    }

    /** The store key: the hub first, as every key of hubcrm. */
    static String key(String hubId, String uploadId) {
        return KEY_PREFIX + hubId + "/" + uploadId;
    }

    private static NotFoundException notFound(String uploadId) {
        return new NotFoundException("no upload " + Ids.shorten(uploadId) + " with a file in this hub: request an upload URL with"
                + " POST /v1/imports/uploads and PUT the file there first");
    }
}
