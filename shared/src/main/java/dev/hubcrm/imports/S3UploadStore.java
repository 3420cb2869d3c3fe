package dev.hubcrm.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Uploads and exports in an S3 bucket: presigned PUT (of a signed size) and GET URLs signed by the function's role;
 * uploads read back whole; exports put from a file on disk, in parts of {@value #PART_BYTES} bytes
 * (a multipart upload) when larger than that, so that memory holds one part at most.
 */
public final class S3UploadStore implements UploadStore {
    /** S3 takes parts of 5 MiB to 5 GiB (the last may be smaller), at most 10,000 of them: up to 80 GB here. */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3UploadStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI uploadUrl(String key, long size, Instant expiresAt) {
        Duration validity = Duration.between(Instant.now(), expiresAt);
        // Content-Length becomes a signed header: S3 refuses (403) a PUT of any other size
        return URI.create(presigner.presignPutObject(r -> r.signatureDuration(validity)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentLength(size))).url().toString());
    }

    @Override
    public URI downloadUrl(String key, Instant expiresAt, String fileName) {
        Duration validity = Duration.between(Instant.now(), expiresAt);
        return URI.create(presigner.presignGetObject(r -> r.signatureDuration(validity)
                .getObjectRequest(get -> get.bucket(bucket).key(key)
                        .responseContentDisposition("attachment; filename=\"" + fileName + "\""))).url().toString());
    }

    @Override
    public void put(String key, Path file, String contentType) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size <= PART_BYTES) {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
            return;
        }
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType)).uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[PART_BYTES];
            for (int number = 1; ; number++) {
                int read = in.readNBytes(buffer, 0, PART_BYTES);
                if (read == 0) {
                    break;
                }
                int partNumber = number;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) read), RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, read), read)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                // the bucket's lifecycle rule aborts incomplete uploads after a day
                e.addSuppressed(abortFailed);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(s3.headObject(r -> r.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            // HEAD answers without a body, so a missing key comes as a bare 404
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public StoredFile read(String key) {
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
        return new StoredFile(object.asByteArray(), object.response().contentType());
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }
}
