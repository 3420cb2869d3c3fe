package dev.hubcrm.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** The HTTP API v2 event API Gateway sends for {@code GET /v1/customers/{id}}. */
final class CustomerGetEvent {
    static final String ROUTE_KEY = "GET /v1/customers/{id}";

    private CustomerGetEvent() {
    }

    static APIGatewayV2HTTPEvent of(String customerId, String apiKey, String requestId) {
        String path = "/v1/customers/" + customerId;
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(ROUTE_KEY)
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of(
                        "authorization", "Bearer " + apiKey,
                        "accept", "application/json",
                        "host", "api.hubcrm.example",
                        "user-agent", "hubcrm-bench"))
                .withPathParameters(Map.of("id", customerId))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(ROUTE_KEY)
                        .withRequestId(requestId)
                        .withStage("$default")
                        .withApiId("bench")
                        .withDomainName("api.hubcrm.example")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET")
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .withUserAgent("hubcrm-bench")
                                .build())
                        .build())
                .build();
    }
}
