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
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SES v2 as moto serves it, with SES's faults put back in at the HTTP level: a small proxy in front of
 * moto that answers a configured fraction of {@code SendEmail} calls with SES's throttling error (429
 * {@code TooManyRequestsException} in SES v2's JSON error shape) or a 5xx, and can forward a send to
 * moto (which keeps the mail) and then drop the connection without an answer: the sender never learns
 * that SES took it, as when its invocation dies right after the call. It can also hold sends, so that
 * a sender killed meanwhile dies at a known point: after moto took the mail and before the answer
 * (inside ADR 20's window), or before moto has it; a released hold drops the connection without an
 * answer, and a send held before moto never reaches it. It also answers {@code GetAccount}, which
 * moto lacks, with a configured {@code MaxSendRate}. Everything else is forwarded as it came.
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
    /** Sends to let through before holding every later one, once a hold is armed. */
    private final AtomicInteger passingBeforeHold = new AtomicInteger();
    private volatile Hold hold = Hold.NONE;
    private volatile CountDownLatch release = new CountDownLatch(0);
    /** Guarded by this: sends held now (and held since the hold was armed), exchanges under way. */
    private int heldNow;
    private int heldSinceArmed;
    private int exchanges;

    /** Where a held send waits. */
    private enum Hold { NONE, BEFORE_SES, AFTER_SES_TOOK_IT }

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

    /**
     * After the next {@code passing} sends, every send reaches moto (which keeps the mail) and its answer is
     * held until {@link #releaseHeld}: the sender waits inside ADR 20's window, where a kill leaves a mail SES
     * took unrecorded.
     */
    public SesFaultProxy holdAnswersAfter(int passing) {
        return arm(Hold.AFTER_SES_TOOK_IT, passing);
    }

    /** After the next {@code passing} sends, every send is held before moto has it; released, it never reaches moto. */
    public SesFaultProxy holdSendsAfter(int passing) {
        return arm(Hold.BEFORE_SES, passing);
    }

    private synchronized SesFaultProxy arm(Hold where, int passing) {
        passingBeforeHold.set(passing);
        release = new CountDownLatch(1);
        heldSinceArmed = 0;
        hold = where;
        return this;
    }

    /** Waits until {@code sends} sends have been held since the hold was armed, at most {@code within}; answers whether they were. */
    public synchronized boolean awaitHeld(int sends, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (heldSinceArmed < sends && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return heldSinceArmed >= sends;
    }

    /** Sends held since the hold was armed. */
    public synchronized int held() {
        return heldSinceArmed;
    }

    /**
     * Ends the hold: held sends get no answer (their connection is dropped; one held before moto never reaches it)
     * and later sends pass. Answers once no exchange is under way any more, at most {@code within} later, whether
     * that happened: from then on what moto kept is all it will keep of the sends made so far.
     */
    public boolean releaseHeld(Duration within) throws InterruptedException {
        CountDownLatch held;
        synchronized (this) {
            hold = Hold.NONE;
            held = release;
        }
        held.countDown();
        synchronized (this) {
            long deadline = System.nanoTime() + within.toNanos();
            while ((exchanges > 0 || heldNow > 0) && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            return exchanges == 0 && heldNow == 0;
        }
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
        synchronized (this) {
            exchanges++;
        }
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
            Hold where = send ? holdOf() : Hold.NONE;
            if (where == Hold.BEFORE_SES) {
                awaitRelease();
                return; // dropped without an answer, and moto never had it
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (send && response.statusCode() == 200) {
                forwardedSends.incrementAndGet();
                if (where == Hold.AFTER_SES_TOOK_IT) {
                    awaitRelease();
                    return; // SES took the mail; the sender, killed meanwhile, never hears
                }
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
        } finally {
            synchronized (this) {
                exchanges--;
                notifyAll();
            }
        }
    }

    /** Where this send is held, if a hold is armed and its passing sends are used up. */
    private Hold holdOf() {
        Hold where = hold;
        return where == Hold.NONE || passingBeforeHold.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? Hold.NONE : where;
    }

    private void awaitRelease() {
        CountDownLatch released;
        synchronized (this) {
            released = release;
            heldNow++;
            heldSinceArmed++;
            notifyAll();
        }
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                heldNow--;
                notifyAll();
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
        release.countDown();
        server.stop(0);
        client.close();
    }
}
