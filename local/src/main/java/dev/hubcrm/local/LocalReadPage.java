package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/** A local helper that answers {@code GET} at one path with what the local server kept in memory, as JSON. */
abstract class LocalReadPage implements HttpHandler {
    private final String path;
    private final String what;

    /** @param what what the page shows, for the 404 and 405 answers ("the outbox") */
    LocalReadPage(String path, String what) {
        this.path = path;
        this.what = what;
    }

    /** The page's body, read at each request. */
    abstract ObjectNode body();

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
            if (!exchange.getRequestURI().getPath().equals(path)) {
                LocalProblem.write(exchange, 404, what + " is at GET " + path);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                LocalProblem.methodNotAllowed(exchange, "GET", "read " + what + " with GET");
                return;
            }
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"), body().toString());
        }
    }
}
