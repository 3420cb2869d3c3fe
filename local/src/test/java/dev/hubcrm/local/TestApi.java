package dev.hubcrm.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The local server, started once for all end-to-end tests of this JVM (in memory, on a free
 * port), and a small HTTP client for it. Key caching is off so that revocation shows at once.
 */
final class TestApi {
    private static LocalServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private TestApi() {
    }

    static synchronized LocalServer server() {
        if (server == null) {
            try {
                server = LocalServer.start(new LocalServer.Settings(0, null, true,
                        "operator-" + UUID.randomUUID(), Duration.ZERO));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    static String operatorKey() {
        return server().operatorKey();
    }

    /** A new hub; answers its API key. */
    static String newHub(String name) {
        Response created = call("POST", "/v1/hubs", operatorKey(), "{\"name\":\"" + name + "\",\"currency\":\"EUR\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("hub not created: " + created);
        }
        return created.json().get("apiKey").asText();
    }

    /** The path of a link the API gave out, which must be absolute, on the local server's own base URL. */
    static String pathOf(String absoluteUrl) {
        String base = server().baseUrl();
        if (!absoluteUrl.startsWith(base + "/")) {
            throw new AssertionError("not an absolute link on " + base + ": " + absoluteUrl);
        }
        return absoluteUrl.substring(base.length());
    }

    static Response call(String method, String path, String key, String body, String... headerPairs) {
        return callAt(server().baseUrl(), method, path, key, body, headerPairs);
    }

    /** A call to another local server than the shared one (a test that starts its own, with other settings). */
    static Response callAt(String baseUrl, String method, String path, String key, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.setHeader(headerPairs[i], headerPairs[i + 1]);
        }
        return send(request.build());
    }

    static Response callWithFile(String method, String path, String key, Path body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server().baseUrl() + path))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofFile(body)).build();
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(body);
            } catch (IOException ignored) {
                // a temp file; the OS cleans up
            }
        }
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            return new Response(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What {@code read} answers once {@code done} holds; asynchronous work (queues, streams) gets {@code within} to finish. */
    static <T> T eventually(String what, Duration within, Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(within);
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " not seen within " + within + "; last seen " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = read.get();
        }
        return last;
    }
}
