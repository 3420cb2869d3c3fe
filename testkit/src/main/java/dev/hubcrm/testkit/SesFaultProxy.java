package dev.hubcrm.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SES v2 as moto serves it, with SES's faults put back in at the HTTP level: a small proxy in front of
 * moto that answers a configured fraction of {@code SendEmail} calls with SES's throttling error (429
 * {@code TooManyRequestsException} in SES v2's JSON error shape) or a 5xx, and can forward a send to
 * moto (which keeps the mail) and then drop the connection without an answer: the sender never learns
 * that SES took it, as when its invocation dies right after the call. It also answers
 * {@code GetAccount}, which moto lacks, with a configured {@code MaxSendRate}. Everything else is
 * forwarded as it came.
 */
public final class SesFaultProxy implements AutoCloseable {
    private static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";
    private static final String ACCOUNT_PATH = "/v2/email/account";
    /** Headers the JDK client sets itself (and refuses to be given) or that describe the hop, not the message. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random;
    private volatile double throttledFraction;
    private volatile double serverErrorFraction;
    private volatile double maxSendRate = 14;
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger forwardedSends = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    private SesFaultProxy(HttpServer server, URI target, long seed) {
        this.server = server;
        this.target = target;
        this.random = new Random(seed);
    }

    /** A proxy to moto at {@code target} on a free loopback port; {@code seed} makes which sends fail repeatable. */
    public static SesFaultProxy start(URI target, long seed) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            SesFaultProxy proxy = new SesFaultProxy(server, target, seed);
            server.createContext("/", proxy::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to point an SES client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Which share of sends SES refuses as too fast (429), and which with a 500; the rest reach moto. */
    public SesFaultProxy failing(double throttledFraction, double serverErrorFraction) {
        this.throttledFraction = throttledFraction;
        this.serverErrorFraction = serverErrorFraction;
        return this;
    }

    /** The next {@code sends} sends reach moto, which keeps the mail, and get no answer: the connection is dropped. */
    public SesFaultProxy dropAnswersOfNextSends(int sends) {
        dropsLeft.set(sends);
        return this;
    }

    /** What {@code GetAccount} says the account's sending rate is. */
    public SesFaultProxy maxSendRate(double perSecond) {
        this.maxSendRate = perSecond;
        return this;
    }

    /** Sends moto took (including those whose answer was dropped). */
    public int forwardedSends() {
        return forwardedSends.get();
    }

    public int throttled() {
        return throttled.get();
    }

    public int serverErrors() {
        return serverErrors.get();
    }

    /** Sends moto took whose answer never reached the sender. */
    public int dropped() {
        return dropped.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("GET".equals(exchange.getRequestMethod()) && ACCOUNT_PATH.equals(path)) {
                answer(exchange, 200, Map.of(), "{\"SendQuota\":{\"Max24HourSend\":50000.0,\"MaxSendRate\":" + maxSendRate
                        + ",\"SentLast24Hours\":0.0},\"SendingEnabled\":true,\"ProductionAccessEnabled\":true}");
                return;
            }
            boolean send = "POST".equals(exchange.getRequestMethod()) && SEND_EMAIL_PATH.equals(path);
            if (send) {
                double draw;
                synchronized (random) {
                    draw = random.nextDouble();
                }
                if (draw < throttledFraction) {
                    throttled.incrementAndGet();
                    answer(exchange, 429, Map.of("x-amzn-ErrorType", "TooManyRequestsException"),
                            "{\"message\":\"Maximum sending rate exceeded.\"}");
                    return;
                }
                if (draw < throttledFraction + serverErrorFraction) {
                    serverErrors.incrementAndGet();
                    answer(exchange, 500, Map.of("x-amzn-ErrorType", "InternalFailure"),
                            "{\"message\":\"An internal error occurred.\"}");
                    return;
                }
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (send && response.statusCode() == 200) {
                forwardedSends.incrementAndGet();
                if (dropsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    dropped.incrementAndGet();
                    // Closing the exchange without a status line drops the connection: SES took the mail, the sender never hears.
                    return;
                }
            }
            exchange.getResponseHeaders().putAll(response.headers().map().entrySet().stream()
                    .filter(header -> !HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT)))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to moto", e);
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        headers.forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
