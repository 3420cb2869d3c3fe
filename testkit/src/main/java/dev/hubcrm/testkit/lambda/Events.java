package dev.hubcrm.testkit.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sample events from the repository's {@code events/} directory (surefire passes it as
 * {@code hubcrm.events.dir}). Files hold {@code {{name}}} placeholders for what only exists at
 * run time (keys, ids, ETags, cursors); {@link #load} fills them in the raw JSON text, JSON-escaped,
 * and deserialises the result with aws-lambda-java-tests' {@link EventLoader}, i.e. with the
 * Lambda runtime's own event serialisation. A placeholder without a value fails the test.
 */
public final class Events {
    public static final String DIR_PROPERTY = "hubcrm.events.dir";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)}}");

    private Events() {
    }

    /** The repository's {@code events/} directory. */
    public static Path dir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("system property " + DIR_PROPERTY + " is not set; run the tests through Maven");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /** An HTTP API (payload 2.0) event, e.g. {@code load("http/get-customer.json", Map.of("customerId", id))}. */
    public static APIGatewayV2HTTPEvent load(String name, Map<String, String> values) {
        Path filled = writeFilled(name, values);
        try {
            return EventLoader.loadApiGatewayHttpEvent(filled.toString());
        } finally {
            delete(filled);
        }
    }

    public static APIGatewayV2HTTPEvent load(String name) {
        return load(name, Map.of());
    }

    /** Any other event type the Lambda serialisation knows (SQS, scheduled, DynamoDB stream...). */
    public static <T> T load(String name, Map<String, String> values, Class<T> type) {
        Path filled = writeFilled(name, values);
        try {
            return EventLoader.loadEvent(filled.toString(), type);
        } finally {
            delete(filled);
        }
    }

    /** The raw text of a sample event. */
    public static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample event " + name, e);
        }
    }

    /** The names of the placeholders in a text. */
    public static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** {@code text} with every placeholder replaced by its JSON-escaped value. */
    public static String fill(String text, Map<String, String> values) {
        return PLACEHOLDER.matcher(text).replaceAll(match -> {
            String value = values.get(match.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder {{" + match.group(1) + "}}; given " + values.keySet());
            }
            return Matcher.quoteReplacement(jsonEscape(value));
        });
    }

    /** The event with another JSON body (not base64-encoded), its content-length kept right. */
    public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        event.setIsBase64Encoded(false);
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.setHeaders(headers);
        return event;
    }

    /** The event with one more header (or another value for it); give the name in lower case. */
    public static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
        headers.put(name, value);
        event.setHeaders(headers);
        return event;
    }

    /** The event without one header (names are lower case, as API Gateway sends them). */
    public static APIGatewayV2HTTPEvent withoutHeader(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders());
        headers.remove(name);
        event.setHeaders(headers);
        return event;
    }

    private static Path writeFilled(String name, Map<String, String> values) {
        if (!name.endsWith(".json")) {
            throw new IllegalArgumentException("sample events are .json files: " + name);
        }
        String json = fill(read(name), values);
        try {
            // EventLoader takes a classpath resource or a file path ending in .json, not a string.
            Path file = Files.createTempFile("hubcrm-event-", ".json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the JVM's temp directory is cleaned elsewhere
        }
    }

    private static String jsonEscape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
