package dev.hubcrm.config;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How every AWS client of hubcrm is built: the URL-connection HTTP client (the only one the
 * function jars carry), the region Lambda sets, and the SDK's default credentials chain. Under
 * SnapStart Lambda gives no access key variables, only the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and its token), which that chain reads; without
 * SnapStart it finds the environment keys first. Endpoints follow the SDK's own settings
 * ({@code AWS_ENDPOINT_URL_<SERVICE>}), which is how the runtime check points the functions at emulators.
 */
public final class AwsClients {
    private static final AwsCredentialsProvider LAMBDA_CREDENTIALS = DefaultCredentialsProvider.builder().build();
    /** Emulators (DynamoDB Local, ElasticMQ, moto) accept any key. */
    private static final AwsCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private AwsClients() {
    }

    /** A client as a function builds it inside Lambda. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C inLambda(B builder) {
        return builder.httpClient(UrlConnectionHttpClient.create())
                .region(lambdaRegion())
                .credentialsProvider(LAMBDA_CREDENTIALS)
                .build();
    }

    /** A client of the emulator at {@code endpoint} (local server, tests, benchmarks). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C emulator(B builder, URI endpoint) {
        return emulator(builder, endpoint, Region.US_EAST_1);
    }

    /** The same in {@code region}, for emulators that keep resources per region (moto). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C emulator(B builder, URI endpoint,
            Region region) {
        return builder.httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(EMULATOR_CREDENTIALS)
                .build();
    }

    /** The credentials chain of {@link #inLambda}, for the few builders that are not clients (the S3 presigner). */
    public static AwsCredentialsProvider lambdaCredentials() {
        return LAMBDA_CREDENTIALS;
    }

    public static Region lambdaRegion() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set: Lambda sets it for every function");
        }
        return Region.of(region);
    }
}
