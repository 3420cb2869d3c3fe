package dev.hubcrm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /_local/ses-events}: one SES event record (what the configuration set publishes:
 * {@code {eventType, mail: {messageId, destination, tags}, delivery|open|click|bounce|complaint}}),
 * given to the ses-events function in the EventBridge event its rule would send (local mode only).
 * Locally SES's message id is the outbox item's {@code id}, and its {@code tags} are the mail's.
 */
final class LocalSesEvents implements HttpHandler {
    static final String PATH = "/_local/ses-events";
    /** An SES event record is a few KB; the API's own body limit is plenty. */
    private static final int MAX_BODY = 1024 * 1024;

    private final LocalFunctions functions;

    LocalSesEvents(LocalFunctions functions) {
        this.functions = functions;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                LocalProblem.write(exchange, 404, "SES events are posted to " + PATH);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                LocalProblem.methodNotAllowed(exchange, "POST", "post one SES event record");
                return;
            }
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                LocalProblem.write(exchange, 413, "an SES event record is at most " + MAX_BODY + " bytes");
                return;
            }
            Map<String, Object> record;
            try {
                record = Json.MAPPER.readValue(body, new TypeReference<>() { });
            } catch (JacksonException e) {
                LocalProblem.write(exchange, 400, "the body is not one SES event record as JSON");
                return;
            }
            RequestHandler<ScheduledEvent, Object> handler = functions.newHandler(LambdaFunction.SES_EVENTS);
            Object outcome;
            try {
                outcome = handler.handleRequest(LocalJobs.eventBridgeEvent("aws.ses", "SES event", List.of(), record),
                        new InvocationContext(LambdaFunction.SES_EVENTS.module(), LambdaFunction.SES_EVENTS.memoryMb()));
            } catch (ValidationException e) {
                LocalProblem.write(exchange, 400, e.getMessage());
                return;
            }
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"),
                    Json.object().put("outcome", String.valueOf(outcome)).toString());
        } catch (RuntimeException e) {
            e.printStackTrace();
            LocalProblem.write(exchange, 500, "recording the SES event failed: see the server's output");
        }
    }
}
