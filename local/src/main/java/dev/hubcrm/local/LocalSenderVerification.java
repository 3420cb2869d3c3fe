package dev.hubcrm.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.http.Json;
import dev.hubcrm.mail.LocalSenderIdentities;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /_local/sender-identities/{name}/verify}: verifies a hub's sender identity as the
 * published DKIM records (a domain) or the clicked link (an address) do in SES (local mode only).
 */
final class LocalSenderVerification implements HttpHandler {
    static final String PATH = "/_local/sender-identities/";
    private static final String VERIFY = "/verify";

    private final LocalSenderIdentities identities;

    LocalSenderVerification(LocalSenderIdentities identities) {
        this.identities = identities;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
            String path = exchange.getRequestURI().getRawPath();
            if (!path.endsWith(VERIFY)) {
                LocalProblem.write(exchange, 404, "verify an identity with POST " + PATH + "{name}" + VERIFY);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                LocalProblem.methodNotAllowed(exchange, "POST", "verify with POST");
                return;
            }
            String name = URLDecoder.decode(path.substring(PATH.length(), path.length() - VERIFY.length()), StandardCharsets.UTF_8);
            if (!identities.verify(name)) {
                LocalProblem.write(exchange, 404, "no sender identity " + name + " in this run: PUT /v1/hub/sender first");
                return;
            }
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"),
                    Json.object().put("identity", name).put("status", "verified").toString());
        }
    }
}
