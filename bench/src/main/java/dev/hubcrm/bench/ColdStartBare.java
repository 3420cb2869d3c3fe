package dev.hubcrm.bench;

import dev.hubcrm.testkit.lambda.InvocationContext;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Child main of the cold-start benchmark for the yardstick. Like the Lambda runtime at init, it
 * loads the handler class named by its argument ({@link BareHelloHandler} or
 * {@link BareCrtHelloHandler}) and constructs it through its no-arg constructor; then it invokes
 * it once and prints the answer (protocol: {@link ChildProtocol}).
 */
public final class ColdStartBare {
    private ColdStartBare() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        ChildProtocol.mark("main");
        @SuppressWarnings("unchecked")
        RequestHandler<Map<String, Object>, String> handler = (RequestHandler<Map<String, Object>, String>)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        ChildProtocol.mark("init");
        String answer = handler.handleRequest(
                Map.of("table", System.getenv("HUBCRM_TABLE"), "pk", System.getenv("BENCH_PK"), "sk", System.getenv("BENCH_SK")),
                new InvocationContext(System.getenv("AWS_LAMBDA_FUNCTION_NAME"),
                        Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"))));
        // "none": the item was not found, which the parent reports as a failed side.
        ChildProtocol.answer(answer.equals("none") ? 404 : 200, answer);
        System.exit(0);
    }
}
