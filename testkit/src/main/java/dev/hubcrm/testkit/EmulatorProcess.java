package dev.hubcrm.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** An emulator that runs as a program of its own (moto_server, stripe-mock): started, then awaited on its port. */
final class EmulatorProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private EmulatorProcess() {
    }

    /** Starts {@code command} and answers once it accepts connections on loopback {@code port}. */
    static Process startListening(List<String> command, int port) {
        String name = Path.of(command.get(0)).getFileName().toString();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return process;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue());
                    }
                    Thread.sleep(100);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not listen on port " + port + " within " + START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first executable among {@code preferred} and {@code name} in each directory of PATH. */
    static Path find(Stream<Path> preferred, String name, String whenMissing) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, name));
        return Stream.concat(preferred, onPath).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(whenMissing));
    }
}
