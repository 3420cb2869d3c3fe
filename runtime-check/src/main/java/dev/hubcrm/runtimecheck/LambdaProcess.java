package dev.hubcrm.runtimecheck;

import dev.hubcrm.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One function as AWS Lambda's java21 runtime runs it: the deployment package unzipped into the task
 * root, the Java runtime interface client started with the managed runtime's JVM options and class
 * path, behind the runtime interface emulator, which serves the Runtime API and takes invocations.
 * The emulator initialises the function on the first invocation, as a cold start. Public for the
 * bench's cold-start benchmark under this runtime ({@code ./dev bench --only runtime-cold}).
 */
public final class LambdaProcess implements AutoCloseable {
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path log;
    private final URI invocations;
    private final Duration timeout;
    private final Map<String, String> environment;

    private LambdaProcess(Process process, Path log, int port, Duration timeout, Map<String, String> environment) {
        this.process = process;
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.invocations = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
        this.timeout = timeout;
    }

    /**
     * @param environment the function's environment as Lambda would set it (template variables,
     *                    region, credentials endpoint...), and nothing of this process's own
     */
    public static LambdaProcess start(Path rie, String ricClasspath, Path taskRoot, String handler, int memoryMb,
            Duration timeout, Map<String, String> environment, Path log) throws IOException {
        int port = FreePort.next();
        List<String> command = new ArrayList<>(List.of(rie.toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + FreePort.next(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The managed java21 runtime's own options (its bootstrap), the heap at 85% of the memory setting.
                "-XX:MaxHeapSize=" + memoryMb * 1024L * 85 / 100 + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true",
                "-XX:+ErrorFileToStderr",
                "-classpath", ricClasspath,
                RIC_MAIN, handler));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        builder.environment().put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(timeout.toSeconds()));
        builder.environment().put("_HANDLER", handler);
        builder.environment().putAll(environment);
        return new LambdaProcess(builder.directory(taskRoot.toFile()).start(), log, port, timeout, environment);
    }

    /** The deployment package unzipped, as Lambda puts it in /var/task. */
    public static Path unzip(Path jar, Path taskRoot) throws IOException {
        Files.createDirectories(taskRoot);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return taskRoot;
    }

    /** Invokes the function with {@code event}; answers the emulator's status and the function's output. */
    public Invocation invoke(String event) {
        HttpRequest request = HttpRequest.newBuilder(invocations)
                .timeout(timeout.plusSeconds(60)) // the first invocation includes the function's init
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build();
        long started = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new Invocation(response.statusCode(), response.body(),
                        Duration.ofNanos(System.nanoTime() - started));
            } catch (java.net.ConnectException e) {
                // the emulator is still binding its port (polled finely: the cold-start benchmark times from process start)
                if (attempt >= 500 || !process.isAlive()) {
                    return new Invocation(0, "the runtime interface emulator did not answer: " + e, Duration.ZERO);
                }
                sleep(10);
            } catch (IOException e) {
                return new Invocation(0, "invocation failed: " + e, Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** What the emulator answered: the function's JSON output, or an error document. */
    public record Invocation(int status, String body, Duration took) {
        /** An unhandled error of the function (init or invoke), as the emulator reports it. */
        public boolean failed() {
            return status != 200 || body.contains("\"errorType\"") && body.contains("\"errorMessage\"");
        }
    }

    /** The environment the function was given (beyond the runtime's own variables). */
    Map<String, String> environment() {
        return environment;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
