package dev.hubcrm.local;

import com.sun.net.httpserver.HttpExchange;
import dev.hubcrm.http.Problem;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Errors of the local helpers ({@code /_local/...}) as RFC 9457 problems, like the API's own. */
final class LocalProblem {
    static final String PATH = "/_local/";
    private static final Map<Integer, String> TITLES = Map.of(400, "Malformed request", 403, "Forbidden", 404, "Not found",
            405, "Method not allowed", 413, "Payload too large", 500, "Internal error");

    private LocalProblem() {
    }

    static void write(HttpExchange exchange, int status, String detail) throws IOException {
        write(exchange, status, detail, Map.of());
    }

    /** A 405 naming the one method the helper takes, in {@code Allow} as RFC 9110 asks. */
    static void methodNotAllowed(HttpExchange exchange, String allowed, String detail) throws IOException {
        write(exchange, 405, detail, Map.of("Allow", allowed));
    }

    private static void write(HttpExchange exchange, int status, String detail, Map<String, String> extraHeaders) throws IOException {
        exchange.getRequestBody().skip(Long.MAX_VALUE);
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        LocalApi.write(exchange, status, headers, Problem.body(status, TITLES.getOrDefault(status, "Error"), detail, List.of(),
                exchange.getRequestURI().getRawPath(), null).toString());
    }

    /** {@code /_local/...} paths that are no helper. */
    static void unknownHelper(HttpExchange exchange) throws IOException {
        try (exchange) {
            write(exchange, 404, "no local helper at this path; they are " + LocalJobs.PATH + "{name}, " + LocalOutboxPage.PATH
                    + ", " + LocalSesEvents.PATH + ", /_local/checkout/{sessionId} and " + LocalUploadStore.PATH + "{key}");
        }
    }
}
