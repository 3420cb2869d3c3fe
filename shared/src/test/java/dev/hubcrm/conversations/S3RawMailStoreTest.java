package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The raw mail adapter against moto's S3: what the receipt rule's S3 action wrote, read by SES message id, never past the limit. */
class S3RawMailStoreTest {
    private static final String BUCKET = "hubcrm-raw-mail-test";
    private static EmulatorProcess moto;
    private static S3Client s3;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.EU_WEST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
    }

    @AfterAll
    static void stopMoto() {
        s3.close();
        moto.close();
    }

    @Test
    void readsTheMailUnderItsSesMessageIdUpToOneByteOverTheLimit() {
        String raw = "From: ana@example.com\r\nSubject: Crème\r\n\r\nDeux pots\r\n";
        s3.putObject(r -> r.bucket(BUCKET).key("inbound/ses-0001"), RequestBody.fromString(raw, StandardCharsets.UTF_8));
        S3RawMailStore store = new S3RawMailStore(s3, BUCKET);

        assertThat(new String(store.read("ses-0001", 1_000), StandardCharsets.UTF_8)).isEqualTo(raw);
        assertThat(store.read("ses-0001", 10)).hasSize(11);
    }
}
