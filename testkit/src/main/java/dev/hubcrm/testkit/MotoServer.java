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
 * moto's server mode (AWS emulator, {@code moto[server]} from the project's .venv) on a free
 * loopback port, for the services no in-process emulator covers (SES v2). Fails, never skips,
 * when {@code moto_server} is missing: {@code ./dev test} installs it.
 */
public final class MotoServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start() {
        int port = FreePort.next();
        try {
            Process process = new ProcessBuilder(executable().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new MotoServer(process, port);
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("moto_server exited with " + process.exitValue());
                    }
                    Thread.sleep(100);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("moto_server did not listen on port " + port + " within " + START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        Stream<String> directories = Stream.concat(venv == null ? Stream.empty() : Stream.of(venv + "/bin"),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        return directories.map(directory -> Path.of(directory, "moto_server")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "moto_server not found in $HUBCRM_VENV/bin or on PATH: run ./dev test (it installs moto[server] into .venv)"));
    }
}
