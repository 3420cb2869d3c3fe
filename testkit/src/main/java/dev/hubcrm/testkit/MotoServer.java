package dev.hubcrm.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * moto's server mode (AWS emulator, {@code moto[server]} from the project's .venv) on a free
 * loopback port, for the services no in-process emulator covers (SES v2, S3). Fails, never skips,
 * when {@code moto_server} is missing: {@code ./dev test} installs it.
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start() {
        int port = FreePort.next();
        return new MotoServer(EmulatorProcess.startListening(
                List.of(executable().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)), port), port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** moto_server in $HUBCRM_VENV/bin (set by ./dev test), else on the PATH. */
    private static Path executable() {
        String venv = System.getenv("HUBCRM_VENV");
        return EmulatorProcess.find(venv == null ? Stream.empty() : Stream.of(Path.of(venv, "bin", "moto_server")), "moto_server",
                "moto_server not found in $HUBCRM_VENV/bin or on PATH: run ./dev test (it installs moto[server] into .venv)");
    }
}
