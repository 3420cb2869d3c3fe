package dev.hubcrm.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB for a test class, with a fresh table whenever a test asks for one.
 *
 * <p>The target is the system property {@value #TARGET_PROPERTY}: unset or {@code dynamodb-local}, an
 * in-process DynamoDB Local per test class; {@code localstack} (set by {@code mvn -Plocalstack}), one
 * LocalStack container per test JVM through Testcontainers. On the LocalStack target without a
 * reachable Docker engine every test that touches DynamoDB is skipped by a JUnit assumption with a
 * one-line reason, which is also printed once to stderr: it never passes without having run.
 */
public final class LocalDynamo implements AutoCloseable {
    public static final String TARGET_PROPERTY = "hubcrm.it.target";
    private static final AtomicInteger TABLES = new AtomicInteger();

    /** Where the integration tests reach DynamoDB. */
    enum Target {
        DYNAMODB_LOCAL("dynamodb-local"),
        LOCALSTACK("localstack");

        final String value;

        Target(String value) {
            this.value = value;
        }

        static Target of(String property) {
            if (property == null || property.isBlank()) {
                return DYNAMODB_LOCAL;
            }
            for (Target target : values()) {
                if (target.value.equals(property.strip())) {
                    return target;
                }
            }
            throw new IllegalArgumentException(TARGET_PROPERTY + "=" + property
                    + " is not a DynamoDB target: use dynamodb-local (the default) or localstack (mvn -Plocalstack)");
        }
    }

    /** The LocalStack side, implemented by {@code LocalStackDynamo}, compiled only under -Plocalstack. */
    interface Remote {
        boolean dockerAvailable();

        /** A client for the one LocalStack container of this JVM, started on first use. */
        DynamoDbClient newClient();
    }

    private final AutoCloseable server;
    private final DynamoDbClient client;
    private final String skipReason;

    private LocalDynamo(AutoCloseable server, DynamoDbClient client, String skipReason) {
        this.server = server;
        this.client = client;
        this.skipReason = skipReason;
    }

    public static LocalDynamo start() {
        return switch (Target.of(System.getProperty(TARGET_PROPERTY))) {
            case DYNAMODB_LOCAL -> {
                EmbeddedDynamoDb server = EmbeddedDynamoDb.inMemory();
                yield new LocalDynamo(server, AppContext.localDynamo(server.endpoint()), null);
            }
            case LOCALSTACK -> OnLocalStack.SKIP_REASON != null
                    ? new LocalDynamo(null, null, OnLocalStack.SKIP_REASON)
                    : new LocalDynamo(null, OnLocalStack.REMOTE.newClient(), null);
        };
    }

    /** The client of this target; on a target without Docker, skips the calling test with the reason. */
    public DynamoDbClient client() {
        assumeTrue(skipReason == null, skipReason);
        return client;
    }

    /**
     * A new, empty table shaped as the stack creates it. On a skipped target it only names the table:
     * the {@link #client()} that any use of it needs skips the test. Skipping here instead would skip a
     * class that provisions its table in a static initializer or {@code @BeforeAll} as a whole, which surefire counts as
     * zero tests run and zero skipped.
     */
    public String freshTable() {
        String table = "t" + TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        if (skipReason == null) {
            TableProvisioner.ensureTable(client, table);
        }
        return table;
    }

    /** Every item of a hub's partition, read the way a request would (Query, not Scan). */
    public List<Map<String, AttributeValue>> partition(String table, String hubId) {
        return client().queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TableDesign.hubPartition(hubId)))))
                .items().stream().toList();
    }

    /** The sort keys of a hub's partition, in table order. */
    public List<String> sortKeys(String table, String hubId) {
        return partition(table, hubId).stream().map(item -> item.get(TableDesign.SORT_KEY).s()).toList();
    }

    /** Closes this class's client, and its DynamoDB Local; the LocalStack container lives as long as the JVM. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not stop", e);
            }
        }
    }

    /** The one-line reason the LocalStack target skips its tests when no Docker engine answers. */
    static String noDockerReason(String dockerHost, boolean socketExists) {
        String host = dockerHost == null || dockerHost.isBlank()
                ? "DOCKER_HOST unset"
                : "DOCKER_HOST=" + dockerHost.strip() + " not answering";
        String socket = socketExists ? "/var/run/docker.sock not answering" : "/var/run/docker.sock missing";
        return "localstack profile: no Docker engine reachable (" + host + ", " + socket + "); integration tests skipped";
    }

    /** Initialised once per JVM, on the first LocalStack-target start. */
    private static final class OnLocalStack {
        static final Remote REMOTE = load();
        static final String SKIP_REASON = REMOTE.dockerAvailable()
                ? null
                : announce(noDockerReason(System.getenv("DOCKER_HOST"), Files.exists(Path.of("/var/run/docker.sock"))));

        private static Remote load() {
            try {
                return (Remote) Class.forName(LocalDynamo.class.getPackageName() + ".LocalStackDynamo")
                        .getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(TARGET_PROPERTY + "=localstack needs the Maven profile: mvn test -Plocalstack", e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("LocalStackDynamo could not be created", e);
            }
        }

        private static String announce(String reason) {
            System.err.println(reason);
            return reason;
        }
    }
}
