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
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * An emulator that runs as a program of its own (moto_server, stripe-mock) on a free loopback
 * port: started, awaited on its port, stopped on close.
 */
public final class EmulatorProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private EmulatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code executable} with the {@code arguments} for a free port; answers once it accepts connections there. */
    static EmulatorProcess start(Path executable, IntFunction<List<String>> arguments) {
        int port = FreePort.next();
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(arguments.apply(port));
        String name = executable.getFileName().toString();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new EmulatorProcess(process, port);
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

    /** Where the emulator answers: the endpoint to give an AWS client, or the API base to give Stripe Java. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** {@code preferred} when it is given and executable, else {@code name} in the first directory of PATH that has it. */
    static Path find(Path preferred, String name, String whenMissing) {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, name));
        return Stream.concat(Stream.ofNullable(preferred), onPath).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(whenMissing));
    }
}
