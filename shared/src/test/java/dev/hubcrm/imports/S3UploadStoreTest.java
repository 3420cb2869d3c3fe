package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 adapter against moto's S3: a client PUTs to the presigned URL without credentials and the
 * store reads it back; the store puts an export (in parts when large) that a client GETs from a presigned URL.
 */
class S3UploadStoreTest {
    private static final String BUCKET = "hubcrm-uploads-test";
    private static EmulatorProcess moto;
    private static S3Client s3;
    private static S3UploadStore store;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(credentials).build();
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        S3Presigner presigner = S3Presigner.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials).build();
        store = new S3UploadStore(s3, presigner, BUCKET);
    }

    @AfterAll
    static void stopMoto() {
        s3.close();
        moto.close();
    }

    private static int put(URI url, String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Quotas are not what these tests are about (QuotasE2ETest and DynamoQuotaCounterTest are): every use counts. */
    private static final Quotas UNLIMITED = new Quotas((hubId, quota, subject, window, limit, expiresAt) -> true, Clock.systemUTC());

    @Test
    void aFilePutToThePresignedUrlIsReadBackWithItsTypeAndGoesWhenDeleted() throws Exception {
        String key = ImportUploads.key("hub_A", "upl_1");
        byte[] csv = "email,firstName\nada@example.com,Ada\n".getBytes(StandardCharsets.UTF_8);
        assertThat(store.size(key)).isEmpty();

        URI url = store.uploadUrl(key, csv.length, Instant.now().plus(15, ChronoUnit.MINUTES));
        assertThat(url.getQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=");
        assertThat(url.getQuery()).as("the declared size is signed: S3 refuses a PUT of another size")
                .containsPattern("X-Amz-SignedHeaders=[^&]*content-length");
        assertThat(put(url, "text/csv", csv)).isEqualTo(200);

        assertThat(store.size(key)).hasValue(csv.length);
        UploadStore.StoredFile file = store.read(key);
        assertThat(file.bytes()).isEqualTo(csv);
        assertThat(file.contentType()).isEqualTo("text/csv");
        store.delete(key);
        assertThat(store.size(key)).isEmpty();
    }

    private static HttpResponse<byte[]> get(URI url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aSmallFileIsPutWholeAndDownloadedWithoutCredentialsAsAnAttachment(@TempDir Path dir) throws Exception {
        String key = "exports/hub_A/exp_1.csv";
        byte[] csv = "id,email\ncus_1,ada@example.com\n".getBytes(StandardCharsets.UTF_8);
        store.put(key, Files.write(dir.resolve("small.csv"), csv), "text/csv; charset=utf-8");

        URI url = store.downloadUrl(key, Instant.now().plus(15, ChronoUnit.MINUTES), "customers-exp_1.csv");
        assertThat(url.getQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=");
        HttpResponse<byte[]> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(csv);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"customers-exp_1.csv\"");
    }

    @Test
    void aFileLargerThanOnePartGoesUpInPartsAndComesBackByteForByte(@TempDir Path dir) throws Exception {
        String key = "exports/hub_A/exp_2.csv";
        // two full parts and a short last one, every byte telling its position
        byte[] big = new byte[2 * S3UploadStore.PART_BYTES + 12_345];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / S3UploadStore.PART_BYTES);
        }
        store.put(key, Files.write(dir.resolve("big.csv"), big), "text/csv; charset=utf-8");

        assertThat(store.size(key)).hasValue(big.length);
        HttpResponse<byte[]> response = get(store.downloadUrl(key, Instant.now().plus(15, ChronoUnit.MINUTES), "big.csv"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(big);
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).as("no multipart upload left open").isEmpty();
    }

    @Test
    void aDownloadUrlWhoseSignatureIsTamperedWithIsRefused(@TempDir Path dir) throws Exception {
        String key = "exports/hub_A/exp_3.csv";
        store.put(key, Files.write(dir.resolve("c.csv"), new byte[] {'x'}), "text/csv");
        URI url = store.downloadUrl(key, Instant.now().plus(15, ChronoUnit.MINUTES), "c.csv");

        URI otherKey = URI.create(url.toString().replace("exp_3.csv", "exp_4.csv"));
        assertThat(get(otherKey).statusCode()).isEqualTo(403);
    }

    @Test
    void uploadsOfOneHubAreNotVisibleUnderAnother() throws Exception {
        URI url = store.uploadUrl(ImportUploads.key("hub_A", "upl_2"), 1, Instant.now().plus(15, ChronoUnit.MINUTES));
        assertThat(put(url, "text/csv", new byte[] {'a'})).isEqualTo(200);

        assertThat(store.size(ImportUploads.key("hub_B", "upl_2"))).isEmpty();
    }

    @Test
    void anUploadLargerThanAnImportTakesIsRefusedAndDeletedBeforeItIsRead() {
        ImportUploads uploads = new ImportUploads(store, UNLIMITED, Clock.systemUTC());
        String key = ImportUploads.key("hub_A", "upl_01JAAAAAAAAAAAAAAAAAAAAAAA");
        // what a client could leave behind a URL that did not sign the size
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(new byte[(int) ImportUploads.MAX_UPLOAD_BYTES + 1]));

        assertThatThrownBy(() -> uploads.read("hub_A", "upl_01JAAAAAAAAAAAAAAAAAAAAAAA"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("uploadId"));
        assertThat(store.size(key)).as("deleted, never read").isEmpty();
    }

    @Test
    void anUploadUrlIsOnlyForADeclaredSizeUpTo50Megabytes() {
        ImportUploads uploads = new ImportUploads(store, UNLIMITED, Clock.systemUTC());
        for (Long size : Arrays.asList(null, 0L, ImportUploads.MAX_UPLOAD_BYTES + 1)) {
            assertThatThrownBy(() -> uploads.create("hub_A", size)).as("size %s", size)
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("size"));
        }
        ImportUploads.Upload largest = uploads.create("hub_A", ImportUploads.MAX_UPLOAD_BYTES);
        assertThat(largest.size()).isEqualTo(ImportUploads.MAX_UPLOAD_BYTES);
        assertThat(largest.uploadUrl().getQuery()).containsPattern("X-Amz-SignedHeaders=[^&]*content-length");
    }
}
