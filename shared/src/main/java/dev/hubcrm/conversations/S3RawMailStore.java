package dev.hubcrm.conversations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.s3.S3Client;

/** The raw mails the SES receipt rule's S3 action writes under {@code inbound/<SES message id>} (ADR 28). */
public final class S3RawMailStore implements RawMailStore {
    /** The object key prefix of the receipt rule's S3 action. */
    public static final String KEY_PREFIX = "inbound/";

    private final S3Client s3;
    private final String bucket;

    public S3RawMailStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public byte[] read(String sesMessageId, int maxBytes) {
        try (InputStream object = s3.getObject(r -> r.bucket(bucket).key(KEY_PREFIX + sesMessageId))) {
            return object.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
