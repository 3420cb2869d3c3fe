package dev.hubcrm.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Stripe's own API emulator, stripe-mock (a Go program; {@code ./dev test} installs the pinned
 * version into {@code .tools/bin}), over HTTP on a free loopback port. It validates every request
 * against Stripe's OpenAPI description and answers with fixture objects. Fails, never skips, when
 * it is missing.
 */
public final class StripeMock implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private StripeMock(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static StripeMock start() {
        int port = FreePort.next();
        try {
            Process process = new ProcessBuilder(executable().toString(), "-http-addr", "127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new StripeMock(process, port);
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("stripe-mock exited with " + process.exitValue());
                    }
                    Thread.sleep(100);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("stripe-mock did not listen on port " + port + " within " + START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The API base to give Stripe Java instead of Stripe's. */
    public URI apiBase() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** $HUBCRM_STRIPE_MOCK (set by ./dev test), else stripe-mock on the PATH. */
    private static Path executable() {
        String configured = System.getenv("HUBCRM_STRIPE_MOCK");
        Stream<Path> candidates = Stream.concat(configured == null ? Stream.empty() : Stream.of(Path.of(configured)),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(directory -> Path.of(directory, "stripe-mock")));
        return candidates.filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "stripe-mock not found at $HUBCRM_STRIPE_MOCK or on PATH: run ./dev test (it installs it into .tools/bin with go)"));
    }
}
