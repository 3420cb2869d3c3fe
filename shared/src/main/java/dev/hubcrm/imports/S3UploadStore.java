package dev.hubcrm.imports;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Uploads in an S3 bucket: presigned PUT URLs signed by the function's role, read back whole. */
public final class S3UploadStore implements UploadStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3UploadStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI uploadUrl(String key, Instant expiresAt) {
        Duration validity = Duration.between(Instant.now(), expiresAt);
        return URI.create(presigner.presignPutObject(r -> r.signatureDuration(validity)
                .putObjectRequest(put -> put.bucket(bucket).key(key))).url().toString());
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
