package dev.hubcrm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.http.Json;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.joda.time.DateTime;

/**
 * {@code POST /_local/jobs/{name}}: runs a scheduled function now, with the EventBridge
 * {@link ScheduledEvent} its schedule would send (local mode only; the stack has no such route).
 */
final class LocalJobs implements HttpHandler {
    static final String PATH = "/_local/jobs/";
    /** The scheduled functions by the name the design gives their job. */
    static final Map<String, LambdaFunction> JOBS = Map.of("segment-refresh", LambdaFunction.SEGMENT_REFRESH,
            "low-balance-reminders", LambdaFunction.LOW_BALANCE_REMINDERS, "campaign-sweep", LambdaFunction.CAMPAIGN_SWEEP);

    private final LocalFunctions functions;

    LocalJobs(LocalFunctions functions) {
        this.functions = functions;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().skip(Long.MAX_VALUE);
            String name = exchange.getRequestURI().getPath().substring(PATH.length());
            LambdaFunction function = JOBS.get(name);
            if (function == null) {
                LocalProblem.write(exchange, 404, "no job " + name + "; jobs are " + JOBS.keySet() + ", run with POST");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                LocalProblem.methodNotAllowed(exchange, "POST", "run a job with POST");
                return;
            }
            RequestHandler<ScheduledEvent, Object> handler = functions.newHandler(function);
            Object result = handler.handleRequest(scheduledEvent(function), new InvocationContext(function.module(), function.memoryMb()));
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"),
                    Json.object().put("job", name).put("result", String.valueOf(result)).toString());
        } catch (RuntimeException e) {
            e.printStackTrace();
            LocalProblem.write(exchange, 500, "the job failed: see the server's output");
        }
    }

    private static ScheduledEvent scheduledEvent(LambdaFunction function) {
        return eventBridgeEvent("aws.events", "Scheduled Event",
                List.of("arn:aws:events:us-east-1:000000000000:rule/local-" + function.module()), Map.of());
    }

    /** An event as EventBridge hands it to a rule's function target (a schedule's, SES's...). */
    static ScheduledEvent eventBridgeEvent(String source, String detailType, List<String> resources, Map<String, Object> detail) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setVersion("0");
        event.setDetailType(detailType);
        event.setSource(source);
        event.setAccount("000000000000");
        event.setRegion("us-east-1");
        event.setTime(DateTime.now());
        event.setResources(resources);
        event.setDetail(detail);
        return event;
    }
}
