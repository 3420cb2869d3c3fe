package dev.hubcrm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a fresh JVM for one cold start and times it from the parent: {@link System#nanoTime()}
 * just before {@link ProcessBuilder#start()} to the moment the child's answer line is read from
 * its stdout. The child's own marks (see {@link ChildProtocol}) split that time into steps.
 */
final class ColdStart implements AutoCloseable {
    /**
     * What the java21 managed runtime gives a function, plus the stack's JAVA_TOOL_OPTIONS
     * (TieredStopAtLevel=1): C1 only, the serial collector, CDS on, heap at 85% of the memory.
     * {@code --enable-native-access} only silences JDK 24+ about the CRT's native library.
     */
    static List<String> lambdaJvmFlags(int memoryMb) {
        return List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC",
                "-XX:MaxHeapSize=" + memoryMb * 85 / 100 + "m", "-Djava.net.preferIPv4Stack=true",
                "--enable-native-access=ALL-UNNAMED");
    }

    /** One kind of child: its classpath, main class and arguments, and its whole environment. */
    record Side(String key, String label, String classpath, List<String> mainAndArgs, Map<String, String> env, int memoryMb)
            implements ColdRounds.Side {
    }

    /** One child's answer; marks and {@code answerNanos} are nanoseconds after the parent started it. */
    record Run(long answerNanos, Map<String, Long> marks, int status, String detail, String failure) implements ColdRounds.Run {
        long mark(String name) {
            Long value = marks.get(name);
            return value == null ? -1 : value;
        }
    }

    private final Path java;
    private final List<String> childFlags;
    private final Path logDir;
    private final Duration timeout;
    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cold-start-timeout");
        thread.setDaemon(true);
        return thread;
    });

    ColdStart(Path java, List<String> childFlags, Path logDir, Duration timeout) {
        this.java = java;
        this.childFlags = childFlags;
        this.logDir = logDir;
        this.timeout = timeout;
    }

    Path java() {
        return java;
    }

    /**
     * Runs one child to its exit. After the Lambda flags come the {@code --child-flags} of the
     * command line ({@code {side}} replaced by the side's key), then {@code extraJvmFlags}.
     */
    Run once(Side side, List<String> extraJvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(lambdaJvmFlags(side.memoryMb()));
        childFlags.forEach(flag -> command.add(flag.replace("{side}", side.key())));
        command.addAll(extraJvmFlags);
        command.add("-cp");
        command.add(side.classpath());
        command.addAll(side.mainAndArgs());
        Path stderr = logDir.resolve("cold-" + side.key() + ".stderr.log");
        Path stdout = logDir.resolve("cold-" + side.key() + ".stdout.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
        builder.environment().clear();
        builder.environment().putAll(side.env());

        Map<String, Long> marks = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        long answerNanos = -1;
        int status = -1;
        String detail = "";
        Process process;
        long started = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(-1, marks, -1, "", "could not start " + java + ": " + e.getMessage());
        }
        ScheduledFuture<?> watchdog = killer.schedule(process::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (answerNanos < 0 && line.startsWith(ChildProtocol.PREFIX)) {
                    String[] parts = line.substring(ChildProtocol.PREFIX.length()).split(" ", 4);
                    if (parts[0].equals("answer")) {
                        answerNanos = System.nanoTime() - started;
                        status = Integer.parseInt(parts[1]);
                        marks.put("answer", Long.parseLong(parts[2]) - started);
                        detail = parts.length > 3 ? parts[3] : "";
                    } else {
                        marks.put(parts[1], Long.parseLong(parts[2]) - started);
                    }
                }
                lines.add(line);
            }
            process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Run(-1, marks, -1, "", "interrupted");
        } finally {
            watchdog.cancel(false);
        }
        write(stdout, lines);
        String failure = null;
        if (answerNanos < 0) {
            failure = "no answer (exit " + process.exitValue() + (watchdog.isDone() && !watchdog.isCancelled()
                    ? ", killed after " + timeout.toSeconds() + " s" : "") + "): " + tail(stderr);
        } else if (status != 200) {
            failure = "answered " + status + ": " + detail;
        }
        return new Run(answerNanos, marks, status, detail, failure);
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a child's stderr, for a failure message. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? "(stderr empty: see " + file + ")" : String.join(" | ", last) + " (" + file + ")";
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        killer.shutdownNow();
    }
}
