package dev.hubcrm.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stripe's own API emulator, stripe-mock (a Go program; {@code ./dev test} installs the pinned
 * version into {@code .tools/bin}), over HTTP on a free loopback port. It validates every request
 * against Stripe's OpenAPI description and answers with fixture objects. Fails, never skips, when
 * it is missing.
 */
public final class StripeMock implements AutoCloseable {
    private final Process process;
    private final int port;

    private StripeMock(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static StripeMock start() {
        int port = FreePort.next();
        return new StripeMock(EmulatorProcess.startListening(
                List.of(executable().toString(), "-http-addr", "127.0.0.1:" + port), port), port);
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
        return EmulatorProcess.find(configured == null ? Stream.empty() : Stream.of(Path.of(configured)), "stripe-mock",
                "stripe-mock not found at $HUBCRM_STRIPE_MOCK or on PATH: run ./dev test (it installs it into .tools/bin with go)");
    }
}
