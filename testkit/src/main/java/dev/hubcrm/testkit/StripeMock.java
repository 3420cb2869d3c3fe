package dev.hubcrm.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * Stripe's own API emulator, stripe-mock (a Go program; {@code ./dev test} installs the pinned
 * version into {@code .tools/bin}), over HTTP on a free loopback port: its {@code endpoint()} is
 * the API base to give Stripe Java. It validates every request against Stripe's OpenAPI
 * description and answers with fixture objects. Fails, never skips, when it is missing.
 */
public final class StripeMock {
    private StripeMock() {
    }

    public static EmulatorProcess start() {
        return EmulatorProcess.start(executable(), port -> List.of("-http-addr", "127.0.0.1:" + port));
    }

    /** $HUBCRM_STRIPE_MOCK (set by ./dev test), else stripe-mock on the PATH. */
    private static Path executable() {
        String configured = System.getenv("HUBCRM_STRIPE_MOCK");
        return EmulatorProcess.find(configured == null ? null : Path.of(configured), "stripe-mock",
                "stripe-mock not found at $HUBCRM_STRIPE_MOCK or on PATH: run ./dev test (it installs it into .tools/bin with go)");
    }
}
