package dev.hubcrm.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployed jar, not the build's class path: {@code target/customers-api.jar} leaves classes out
 * (the shade filters of functions/pom.xml), so its handler is built and answers a request from that
 * jar alone, in a class loader that sees nothing else, as Lambda loads it. Logging, the pipeline
 * and the problem answer all run; the key check refuses before any AWS call.
 */
class ShadedJarSmokeIT {

    @Test
    void theShadedHandlerBootsAndRefusesARequestWithoutAKey() throws Throwable {
        Path jar = Path.of("target", "customers-api.jar");
        assertThat(jar).exists();
        try (URLClassLoader lambda = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> appContext = lambda.loadClass("dev.hubcrm.config.AppContext");
            // A method handle, not getMethod: reflection would resolve every method's types, also those of
            // clients this jar leaves out on purpose (SQS, S3), which Lambda never loads.
            Object app = MethodHandles.publicLookup().findStatic(appContext, "local", MethodType.methodType(appContext,
                            URI.class, String.class, String.class, Clock.class, Duration.class))
                    .invoke(URI.create("http://127.0.0.1:9"), "hubcrm", "0".repeat(64), Clock.systemUTC(), Duration.ZERO);
            Object handler = lambda.loadClass("dev.hubcrm.customers.CustomersApiHandler").getConstructor(appContext).newInstance(app);

            Class<?> eventType = lambda.loadClass("com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent");
            Object event = eventType.getConstructor().newInstance();
            eventType.getMethod("setRouteKey", String.class).invoke(event, "GET /v1/customers/{id}");
            eventType.getMethod("setRawPath", String.class).invoke(event, "/v1/customers/cus_01J00000000000000000000000");
            eventType.getMethod("setHeaders", Map.class).invoke(event, Map.of("accept", "application/json"));
            eventType.getMethod("setPathParameters", Map.class).invoke(event, Map.of("id", "cus_01J00000000000000000000000"));
            Class<?> contextType = lambda.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Object context = Proxy.newProxyInstance(lambda, new Class<?>[] {contextType}, (proxy, method, args) -> switch (method.getName()) {
                case "getAwsRequestId" -> "smoke-request";
                case "getFunctionName", "getLogGroupName", "getLogStreamName" -> "customers-api";
                case "getFunctionVersion" -> "$LATEST";
                case "getInvokedFunctionArn" -> "arn:aws:lambda:eu-west-1:123456789012:function:customers-api";
                case "getMemoryLimitInMB" -> 1024;
                case "getRemainingTimeInMillis" -> 10_000;
                default -> null;
            });

            // As in Lambda, the jar is the context class loader too (Powertools finds its logging through ServiceLoader).
            Thread.currentThread().setContextClassLoader(lambda);
            Object response;
            try {
                response = handler.getClass().getMethod("handleRequest", eventType, contextType).invoke(handler, event, context);
            } finally {
                Thread.currentThread().setContextClassLoader(ShadedJarSmokeIT.class.getClassLoader());
            }

            assertThat(response.getClass().getMethod("getStatusCode").invoke(response)).isEqualTo(401);
            assertThat((String) response.getClass().getMethod("getBody").invoke(response)).contains("\"status\":401");
        }
    }
}
