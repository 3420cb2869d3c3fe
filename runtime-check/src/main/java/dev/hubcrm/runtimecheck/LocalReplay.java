package dev.hubcrm.runtimecheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Sends an HTTP API event to the local server as the HTTP request it stands for, and compares answers. */
final class LocalReplay {
    /** Headers the HTTP client sets itself (or refuses to be given). */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    LocalReplay(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Answer send(JsonNode event) {
        String query = event.path("rawQueryString").asText("");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + event.path("rawPath").asText()
                + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(60));
        event.path("headers").properties().forEach(header -> {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                request.header(header.getKey(), header.getValue().asText());
            }
        });
        byte[] body = !event.has("body") ? new byte[0] : event.path("isBase64Encoded").asBoolean()
                ? Base64.getDecoder().decode(event.path("body").asText())
                : event.path("body").asText().getBytes(StandardCharsets.UTF_8);
        request.method(event.path("requestContext").path("http").path("method").asText(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            return new Answer(0, Map.of(), "the local server did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer, from the function (its API Gateway response) or from the local server. */
    record Answer(int status, Map<String, String> headers, String body) {

        /** The function's {@code APIGatewayV2HTTPResponse} output. */
        static Answer of(JsonNode response) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.path("headers").properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
            String body = response.path("body").asText("");
            if (response.path("isBase64Encoded").asBoolean()) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            return new Answer(response.path("statusCode").asInt(), headers, body);
        }

        String contentType() {
            String type = headers.getOrDefault("Content-Type", "");
            int parameters = type.indexOf(';');
            return (parameters < 0 ? type : type.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        }

        /**
         * How this answer differs from {@code other} in what a client relies on: status, content type, the
         * fields of a JSON body (names, at every level of objects) and a problem's {@code type}. Values that
         * differ by nature between two worlds (ids, times, keys) are not compared.
         */
        Optional<String> differenceFrom(Answer other) {
            if (status != other.status) {
                return Optional.of("status " + status + " vs " + other.status + " (local: " + LambdaRuntimeCheck.abbreviate(other.body) + ")");
            }
            if (!contentType().equals(other.contentType())) {
                return Optional.of("content type " + contentType() + " vs " + other.contentType());
            }
            if (!contentType().endsWith("json")) {
                return Optional.empty();
            }
            JsonNode mine = LambdaRuntimeCheck.parse(body);
            JsonNode theirs = LambdaRuntimeCheck.parse(other.body);
            Set<String> myFields = fields(mine, "", new TreeSet<>());
            Set<String> theirFields = fields(theirs, "", new TreeSet<>());
            // An empty list on one side says nothing about its elements' shape: what fills a list can be
            // asynchronous (a segment's members come from the stream, which only the local server consumes).
            Set<String> emptyLists = new TreeSet<>();
            emptyLists(mine, "", emptyLists);
            emptyLists(theirs, "", emptyLists);
            myFields.removeIf(field -> insideAny(field, emptyLists));
            theirFields.removeIf(field -> insideAny(field, emptyLists));
            if (!myFields.equals(theirFields)) {
                Set<String> onlyMine = new TreeSet<>(myFields);
                onlyMine.removeAll(theirFields);
                Set<String> onlyTheirs = new TreeSet<>(theirFields);
                onlyTheirs.removeAll(myFields);
                return Optional.of("JSON fields only in the function's answer " + onlyMine + ", only in the local server's " + onlyTheirs);
            }
            if (!mine.path("type").asText().equals(theirs.path("type").asText())) {
                return Optional.of("problem type " + mine.path("type").asText() + " vs " + theirs.path("type").asText());
            }
            return Optional.empty();
        }

        /** A value for a later step: {@code /json/pointer} in the body, or {@code header:Name}. */
        Optional<String> capture(String where) {
            if (where.startsWith("header:")) {
                return Optional.ofNullable(headers.get(where.substring("header:".length())));
            }
            JsonNode value = LambdaRuntimeCheck.parse(body).at(where);
            return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        }

        private static boolean insideAny(String field, Set<String> lists) {
            return lists.stream().anyMatch(list -> field.startsWith(list + "[]"));
        }

        /** Paths of the empty arrays of {@code node}, in the notation of {@link #fields}. */
        private static void emptyLists(JsonNode node, String path, Set<String> into) {
            if (node.isObject()) {
                node.fields().forEachRemaining(field -> emptyLists(field.getValue(), path + "/" + field.getKey(), into));
            } else if (node.isArray()) {
                if (node.isEmpty()) {
                    into.add(path);
                } else {
                    emptyLists(node.get(0), path + "[]", into);
                }
            }
        }

        /** Paths of object fields; array elements are described by their first element (lists differ in length). */
        private static Set<String> fields(JsonNode node, String path, Set<String> into) {
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    // Free-form maps keyed by data (custom fields, headers of mails) are compared as a whole.
                    into.add(path + "/" + field.getKey());
                    if (!field.getKey().equals("fields")) {
                        fields(field.getValue(), path + "/" + field.getKey(), into);
                    }
                }
            } else if (node.isArray() && !node.isEmpty()) {
                fields(node.get(0), path + "[]", into);
            }
            return into;
        }
    }
}
