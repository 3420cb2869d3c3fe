package dev.hubcrm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubcrm.runtimecheck.LambdaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start under AWS Lambda's own Java runtime: a fresh runtime interface emulator starting
 * the runtime interface client on a task root (a function jar unzipped, as in {@code /var/task}),
 * with the managed java21 runtime's JVM options ({@link LambdaProcess}), timed from just before the
 * emulator's process starts to the first invocation's answer. The emulator starts the JVM and
 * initialises the function on that first invocation, so the time holds the emulator's start, the
 * JVM's, the runtime client's, the handler's init and the first invoke.
 */
final class RuntimeColdStart {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The emulator's own log: {@code INIT REPORT(durationMs: 1332.38)} once the runtime client asked for the first event. */
    private static final Pattern INIT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    /** {@code INVOKE RTDONE(status: success, produced bytes: 0, duration: 561.28ms)}: the first invoke. */
    private static final Pattern INVOKE = Pattern.compile("INVOKE RTDONE\\(.*duration: ([0-9.]+)ms\\)");

    /**
     * One kind of function: its task root, handler string and the environment the template would
     * give it (JAVA_TOOL_OPTIONS included), the event of the first invocation and how to tell a good answer.
     */
    record Side(String key, String label, Path taskRoot, String handler, int memoryMb, Map<String, String> env, String event,
            java.util.function.Predicate<JsonNode> good) implements ColdRounds.Side {
    }

    /**
     * {@code answerNanos}: process start to answer; init (JVM start, runtime client, handler class and
     * constructor, until the client asks for the first event) and the first invoke as the emulator logs them
     * (ms, NaN if absent).
     */
    record Run(long answerNanos, double initMillis, double invokeMillis, String failure) implements ColdRounds.Run {
    }

    private final Path rie;
    private final String ricClasspath;
    private final Path logDir;

    RuntimeColdStart(Path rie, String ricClasspath, Path logDir) {
        this.rie = rie;
        this.ricClasspath = ricClasspath;
        this.logDir = logDir;
    }

    /** The deployment package unzipped once into {@code dir}, as Lambda puts it in /var/task. */
    static Path taskRoot(Path jar, Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            return LambdaProcess.unzip(jar, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One cold start; {@code extraToolOptions} are appended to the side's JAVA_TOOL_OPTIONS (as a
     * function's configuration would set them), e.g. {@code -Xlog:class+load} for the diagnostics.
     */
    Run once(Side side, List<String> extraToolOptions) {
        Map<String, String> env = new LinkedHashMap<>(side.env());
        if (!extraToolOptions.isEmpty()) {
            env.put("JAVA_TOOL_OPTIONS", (env.getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + String.join(" ", extraToolOptions)).strip());
        }
        Path log = logDir.resolve("runtime-cold-" + side.key() + ".log");
        long start = System.nanoTime();
        LambdaProcess.Invocation invocation;
        String output;
        try (LambdaProcess lambda = LambdaProcess.start(rie, ricClasspath, side.taskRoot(), side.handler(), side.memoryMb(),
                Duration.ofSeconds(60), env, log)) {
            invocation = lambda.invoke(side.event());
            long answerNanos = System.nanoTime() - start;
            output = lambda.log();
            if (invocation.failed()) {
                return new Run(answerNanos, Double.NaN, Double.NaN, "failed (" + invocation.status() + "): "
                        + abbreviate(invocation.body()) + " (log: " + log + ")");
            }
            JsonNode answer = JSON.readTree(invocation.body());
            if (!side.good().test(answer)) {
                return new Run(answerNanos, Double.NaN, Double.NaN, "unexpected answer: " + abbreviate(invocation.body()));
            }
            return new Run(answerNanos, reported(INIT, output), reported(INVOKE, output), null);
        } catch (IOException e) {
            return new Run(-1, Double.NaN, Double.NaN, "could not start the emulator: " + e.getMessage());
        }
    }

    /** What the emulator logged of the init or the invoke, in ms; NaN when it logged nothing of the kind. */
    private static double reported(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** Min, median and max of the runs' answer times, in ms. */
    static Summary summary(List<Run> runs) {
        return Summary.ofNanos(runs.stream().mapToLong(Run::answerNanos).toArray());
    }
}
