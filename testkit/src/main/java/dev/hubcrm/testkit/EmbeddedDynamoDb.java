package dev.hubcrm.testkit;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.nio.file.Path;

/** DynamoDB Local running in this JVM: in memory, or persisted to a directory. */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static EmbeddedDynamoDb inMemory() {
        return start(null);
    }

    /** Keeps its data in {@code dataDir} across restarts (the local server's default). */
    public static EmbeddedDynamoDb persistedIn(Path dataDir) {
        return start(dataDir);
    }

    private static EmbeddedDynamoDb start(Path dataDir) {
        int port = FreePort.next();
        String[] args = dataDir == null
                // -sharedDb: one database whatever the caller's key and region (the runtime check's functions
                // sign with container credentials in another region than the code that creates the table).
                ? new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port)}
                : new String[] {"-dbPath", dataDir.toString(), "-sharedDb", "-port", Integer.toString(port)};
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
            server.start();
            return new EmbeddedDynamoDb(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
