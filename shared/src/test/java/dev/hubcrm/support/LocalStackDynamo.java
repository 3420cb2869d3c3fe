package dev.hubcrm.support;

import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB on one LocalStack container per test JVM (Testcontainers). Compiled and loaded only under
 * {@code mvn -Plocalstack}, which puts Testcontainers on the test class path and passes the pinned image
 * as {@value #IMAGE_PROPERTY}. The container is stopped with the JVM (Testcontainers' reaper).
 */
final class LocalStackDynamo implements LocalDynamo.Remote {
    static final String IMAGE_PROPERTY = "hubcrm.localstack.image";
    private static final String TESTCONTAINERS_LOGGER = "org.testcontainers";

    private LocalStackContainer container;

    /**
     * Asks Testcontainers, with its loggers muted for the question: without Docker it logs a multi-line
     * ERROR listing every strategy it tried, and LocalDynamo prints the one-line reason instead.
     */
    @Override
    public boolean dockerAvailable() {
        Level before = LogManager.getLogger(TESTCONTAINERS_LOGGER).getLevel();
        Configurator.setLevel(TESTCONTAINERS_LOGGER, Level.OFF);
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } finally {
            Configurator.setLevel(TESTCONTAINERS_LOGGER, before);
        }
    }

    @Override
    public synchronized DynamoDbClient newClient() {
        if (container == null) {
            String image = Objects.requireNonNull(System.getProperty(IMAGE_PROPERTY),
                    IMAGE_PROPERTY + " is unset: run with mvn -Plocalstack, which pins the image");
            LocalStackContainer started = new LocalStackContainer(DockerImageName.parse(image)).withServices("dynamodb");
            started.start();
            container = started;
        }
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(container.getEndpoint())
                .region(Region.of(container.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey())))
                .build();
    }
}
