package dev.hubcrm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the pipeline answers what operations throw, on a public route (no key, no store is reached). */
class ApiPipelineTest {
    private static ApiPipeline pipeline(LambdaFunction function, Operation every) {
        Map<String, Operation> operations = RouteTable.of(function).stream()
                .collect(Collectors.toMap(Route::key, route -> every, (a, b) -> a));
        return new ApiPipeline(function, operations, new Authenticator("0".repeat(64), null, Duration.ZERO, Clock.systemUTC()),
                new IdempotencyStore(null, "unused", Clock.systemUTC()));
    }

    private static APIGatewayV2HTTPResponse health(ApiPipeline pipeline) {
        return pipeline.handle(APIGatewayV2HTTPEvent.builder().withRouteKey("GET /health").withRawPath("/health")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("r-1").build()).build(),
                new InvocationContext("hubs-admin", 1024));
    }

    @Test
    void contentionThatOutlastedItsRetriesIs503WithRetryAfterNever412() throws Exception {
        APIGatewayV2HTTPResponse busy = health(pipeline(LambdaFunction.HUBS_ADMIN, request -> {
            throw new ContentionException("the hub kept changing; retry in a moment");
        }));

        assertThat(busy.getStatusCode()).isEqualTo(503);
        assertThat(busy.getHeaders()).containsEntry("Content-Type", "application/problem+json").containsEntry("Retry-After", "1");
        assertThat(Json.MAPPER.readTree(busy.getBody()).get("type").asText()).isEqualTo("urn:hubcrm:problem:busy");
    }

    @Test
    void aPublicIdempotentRouteMustSayWhoseKeysItKeeps() {
        Function<Operation, ApiPipeline> wallet = every -> pipeline(LambdaFunction.WALLET_API, every);

        assertThatThrownBy(() -> wallet.apply(request -> Reply.noContent()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("POST /portal/{token}/top-ups");
        assertThat(wallet.apply(new OwnedOperation(request -> new OwnedOperation.Owner("hub_1", "cus_1"), request -> Reply.noContent())))
                .isNotNull();
    }
}
