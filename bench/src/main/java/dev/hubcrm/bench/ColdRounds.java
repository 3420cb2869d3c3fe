package dev.hubcrm.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The rounds of a cold-start benchmark, whatever starts the process: one warm-up run per side, not
 * counted (with diagnostics on, it logs the classes it loads), then {@code rounds} rounds taking the
 * sides in turn. A side that fails once is not run again.
 */
final class ColdRounds {
    /** One kind of process to start cold. */
    interface Side {
        String key();
    }

    /** One cold start's outcome. */
    interface Run {
        String failure();

        default boolean ok() {
            return failure() == null;
        }
    }

    /**
     * What the rounds gave: the counted runs of each side (by key, in the order of the sides), why a
     * side failed, and with diagnostics on the classes each warm-up run loaded and the Log4j window of
     * the diagnosed side.
     */
    record Result<R extends Run>(Map<String, List<R>> runs, Map<String, String> failures,
            Map<String, Map<String, Integer>> classCounts, List<String> log4jWindow) {
    }

    private ColdRounds() {
    }

    /**
     * Takes the rounds. {@code once} runs one side cold with extra JVM flags; {@code classLogPrefix}
     * names the warm-up class logs in {@code out}; {@code diagnosed} is the side whose Log4j window is
     * reported. Prints a dot per round.
     */
    static <S extends Side, R extends Run> Result<R> take(List<S> sides, S diagnosed, int rounds, boolean diagnostics,
            Path out, String classLogPrefix, BiFunction<S, List<String>, R> once, PrintStream console) {
        Map<String, List<R>> runs = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> classCounts = new LinkedHashMap<>();
        List<String> log4jWindow = new ArrayList<>();
        for (S side : sides) {
            runs.put(side.key(), new ArrayList<>());
            Path classLog = out.resolve(classLogPrefix + side.key() + ".log");
            R warmUp = once.apply(side, diagnostics ? List.of("-Xlog:class+load=info:file=" + classLog) : List.of());
            if (!warmUp.ok()) {
                failures.put(side.key(), warmUp.failure());
            } else if (diagnostics) {
                classCounts.put(side.key(), ClassLoads.count(classLog));
                if (side == diagnosed) {
                    ClassLoads.log4jWindow(classLog).ifPresent(window -> log4jWindow.add("  " + side.key() + ": " + window
                            + " (in the warm-up run, slowed by -Xlog)"));
                }
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (S side : sides) {
                if (failures.containsKey(side.key())) {
                    continue;
                }
                R run = once.apply(side, List.of());
                if (run.ok()) {
                    runs.get(side.key()).add(run);
                } else {
                    failures.put(side.key(), run.failure());
                }
            }
            console.print(".");
            console.flush();
        }
        console.println();
        return new Result<>(runs, failures, classCounts, log4jWindow);
    }
}
