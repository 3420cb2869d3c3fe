package dev.hubcrm.bench;

import dev.hubcrm.testkit.lambda.InvocationContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomersApiHandler;
import dev.hubcrm.http.Json;
import java.util.Map;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Child main of the cold-start benchmark for a function. It runs on the classpath
 * {@code <function>.jar:bench/target/function-child.jar}, so every class of the function comes
 * from the shaded jar that deploys, and it is configured the way Lambda configures a function: by
 * environment variables (the parent sets region, credentials, table, operator key hash, the
 * Powertools settings and {@code AWS_ENDPOINT_URL_DYNAMODB} for DynamoDB Local).
 *
 * <p>{@code run <handler class>}: like the Lambda runtime at init, load the handler class and
 * construct it with its no-arg constructor; then invoke it once with
 * {@code GET /v1/customers/{id}} (env {@code BENCH_CUSTOMER_ID}, {@code BENCH_API_KEY}).
 *
 * <p>{@code probe}: a diagnostic, not a measurement of the target. The same work cut into steps,
 * each timed, to show where a cold start goes: each step pays for the classes it is the first to
 * load, so the split depends on the order (the first SLF4J logger, which starts Log4j when it is
 * the backend; Jackson; Powertools metrics; the SDK client; the handler; a first raw GetItem; the
 * first request; a second request).
 */
public final class ColdStartFunction {
    private ColdStartFunction() {
    }

    public static void main(String[] args) throws Exception {
        ChildProtocol.mark("main");
        if (args.length > 0 && args[0].equals("probe")) {
            probe();
        } else {
            run(args.length > 1 ? args[1] : "dev.hubcrm.customers.CustomersApiHandler");
        }
        System.exit(0);
    }

    private static void run(String handlerClass) throws ReflectiveOperationException {
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(handlerClass)
                        .getDeclaredConstructor().newInstance();
        ChildProtocol.mark("init");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("cold-1"), context("cold-1"));
        ChildProtocol.answer(response.getStatusCode(), detail(response));
    }

    private static void probe() throws Exception {
        LoggerFactory.getLogger("dev.hubcrm.bench.Probe");
        ChildProtocol.mark("log4j");
        Json.MAPPER.readTree("{\"a\": [1, 2.5, \"x\", {\"b\": null}]}");
        Json.object().put("a", 1).putArray("tags").add("x").toString();
        ChildProtocol.mark("jackson");
        powertoolsMetrics();
        ChildProtocol.mark("powertools-metrics");
        AppContext app = AppContext.fromEnvironment();
        ChildProtocol.mark("sdk-client");
        CustomersApiHandler handler = new CustomersApiHandler(app);
        ChildProtocol.mark("handler");
        app.dynamo().getItem(r -> r.tableName(app.table()).consistentRead(true).key(Map.of(
                "PK", AttributeValue.fromS(System.getenv("BENCH_PK")),
                "SK", AttributeValue.fromS(System.getenv("BENCH_SK")))));
        ChildProtocol.mark("first-getitem");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("probe-1"), context("probe-1"));
        ChildProtocol.mark("first-request");
        handler.handleRequest(event("probe-2"), context("probe-2"));
        ChildProtocol.mark("second-request");
        ChildProtocol.answer(response.getStatusCode(), detail(response));
    }

    /** Reflective: a function jar without Powertools metrics skips this step. */
    private static void powertoolsMetrics() throws ReflectiveOperationException {
        try {
            Class.forName("software.amazon.lambda.powertools.metrics.MetricsFactory").getMethod("getMetricsInstance").invoke(null);
        } catch (ClassNotFoundException absent) {
            // not in this jar
        }
    }

    private static APIGatewayV2HTTPEvent event(String requestId) {
        return CustomerGetEvent.of(System.getenv("BENCH_CUSTOMER_ID"), System.getenv("BENCH_API_KEY"), requestId);
    }

    private static InvocationContext context(String requestId) {
        return new InvocationContext(System.getenv("AWS_LAMBDA_FUNCTION_NAME"),
                Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")));
    }

    private static String detail(APIGatewayV2HTTPResponse response) {
        String body = response.getBody() == null ? "" : response.getBody();
        return response.getStatusCode() == 200 ? body.length() + " bytes" : body.substring(0, Math.min(300, body.length()));
    }
}
