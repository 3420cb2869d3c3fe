package dev.hubcrm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.RouteTable;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The real handler of every function, constructed from {@link LambdaFunction#handlerClass()} as
 * Lambda does. Like Lambda, one instance serves one request at a time: concurrent requests get
 * their own instances (execution environments), kept warm for the next request. Functions without
 * routes (queue consumers) get theirs from {@link LocalSqsEventSource}.
 */
final class LocalFunctions {
    private final AppContext app;
    private final Map<LambdaFunction, BlockingQueue<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> warm =
            new EnumMap<>(LambdaFunction.class);

    LocalFunctions(AppContext app) {
        this.app = app;
        for (LambdaFunction function : LambdaFunction.values()) {
            if (!RouteTable.of(function).isEmpty()) {
                warm.put(function, new LinkedBlockingQueue<>());
                warm.get(function).add(newHandler(function));
            }
        }
    }

    APIGatewayV2HTTPResponse invoke(LambdaFunction function, APIGatewayV2HTTPEvent event) {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = warm.get(function).poll();
        if (handler == null) {
            handler = newHandler(function);
        }
        try {
            return handler.handleRequest(event, new InvocationContext(function.module(), function.memoryMb()));
        } finally {
            warm.get(function).add(handler);
        }
    }

    /** A new instance of the function's handler (an execution environment), for a function of any event type. */
    @SuppressWarnings("unchecked")
    <I, O> RequestHandler<I, O> newHandler(LambdaFunction function) {
        try {
            return (RequestHandler<I, O>) Class.forName(function.handlerClass())
                    .getConstructor(AppContext.class).newInstance(app);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(function.handlerClass() + " needs a public constructor taking AppContext", e);
        }
    }
}
