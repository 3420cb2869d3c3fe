package dev.hubcrm.runtimecheck;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Lambda gives a SnapStart function instead of access key variables: a container credentials
 * endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) that answers temporary credentials to
 * requests carrying {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. Counts the credentials it served.
 */
public final class ContainerCredentialsEndpoint implements AutoCloseable {
    static final String ACCESS_KEY_ID = "ASIARUNTIMECHECK0001";

    private final HttpServer server;
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public ContainerCredentialsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/credentials", exchange -> {
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body;
            int status;
            if (token.equals(presented)) {
                served.incrementAndGet();
                status = 200;
                body = ("{\"AccessKeyId\":\"" + ACCESS_KEY_ID + "\",\"SecretAccessKey\":\"runtime-check-secret\","
                        + "\"Token\":\"runtime-check-session\",\"Expiration\":\""
                        + Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                refused.incrementAndGet();
                status = 401;
                body = "{\"message\":\"bad authorization token\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The variables Lambda sets for a SnapStart function's credentials. */
    public Map<String, String> environment() {
        return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
    }

    public int served() {
        return served.get();
    }

    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
