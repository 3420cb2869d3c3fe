package dev.hubcrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the classes a child loaded, from {@code -Xlog:class+load}, by where they come from:
 * the JDK's CDS archive (cheap: mapped, already parsed), the rest of the JDK, and the libraries
 * of the jar grouped by who brings them.
 */
final class ClassLoads {
    /** Groups in report order; the first prefix that matches a class name wins. */
    private static final Map<String, List<String>> GROUPS = groups();

    private ClassLoads() {
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("Log4j 2 + SLF4J", List.of("org.apache.logging.", "org.slf4j."));
        groups.put("Jackson (databind, jsr310)", List.of("com.fasterxml.jackson."));
        groups.put("Powertools + EMF", List.of("software.amazon.lambda.powertools.", "software.amazon.cloudwatchlogs."));
        groups.put("AWS SDK v2", List.of("software.amazon.awssdk.", "software.amazon.eventstream.", "org.reactivestreams."));
        groups.put("Lambda runtime interface client", List.of("com.amazonaws.services.lambda.runtime.api.client.",
                "com.amazonaws.services.lambda.crac.", "com.amazonaws.services.lambda.runtime.serialization."));
        groups.put("Lambda core + events", List.of("com.amazonaws.services.lambda."));
        groups.put("joda-time, jmespath, commons-lang3", List.of("org.joda.", "io.burt.", "org.apache.commons."));
        groups.put("hubcrm + bench", List.of("dev.hubcrm."));
        return groups;
    }

    /** Group name to count, with "JDK from CDS archive", "JDK (not archived)", "other", "total". */
    static Map<String, Integer> count(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("JDK from CDS archive", 0);
        counts.put("JDK (not archived)", 0);
        GROUPS.keySet().forEach(group -> counts.put(group, 0));
        counts.put("other", 0);
        int total = 0;
        for (String line : lines) {
            int sourceAt = line.indexOf(" source: ");
            if (sourceAt < 0) {
                continue;
            }
            String name = line.substring(line.lastIndexOf(']', sourceAt) + 1, sourceAt).strip();
            String source = line.substring(sourceAt + " source: ".length());
            counts.merge(group(name, source), 1, Integer::sum);
            total++;
        }
        counts.put("total", total);
        return counts;
    }

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*?\\] (\\S+) source: (.*)$");

    /**
     * Log4j starts inside the first SLF4J call (in a function, the SDK's own logger while the
     * DynamoDB client is built) and loads what it needs before control returns: the window from the
     * first Log4j class to the next AWS SDK class is its initialization, with every class it pulled
     * in (XML parser, JSON template resolvers, Jackson for Powertools...). Empty without Log4j.
     */
    static Optional<String> log4jWindow(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double start = -1;
        int classes = 0;
        int log4j = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double at = Double.parseDouble(m.group(1));
            String name = m.group(2);
            if (start < 0) {
                if (name.startsWith("org.apache.logging.log4j.")) {
                    start = at;
                    classes = 1;
                    log4j = 1;
                }
                continue;
            }
            if (name.startsWith("software.amazon.awssdk.")) {
                return Optional.of(String.format(Locale.ROOT,
                        "Log4j initialization (first Log4j class to the next SDK class): %.0f ms, %d classes of which %d Log4j",
                        (at - start) * 1000, classes, log4j));
            }
            classes++;
            if (name.startsWith("org.apache.logging.")) {
                log4j++;
            }
        }
        return Optional.empty();
    }

    private static String group(String name, String source) {
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            for (String prefix : group.getValue()) {
                if (name.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("javax.")
                || name.startsWith("com.sun.")) {
            return source.startsWith("shared objects file") ? "JDK from CDS archive" : "JDK (not archived)";
        }
        return "other";
    }
}
