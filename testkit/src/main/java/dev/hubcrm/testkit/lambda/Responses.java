package dev.hubcrm.testkit.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Reading handler responses in assertions.
 */
public final class Responses {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {
    }

    /** The body parsed as JSON; fails when there is none or it is not JSON. */
    public static JsonNode json(APIGatewayV2HTTPResponse response) {
        if (response.getBody() == null) {
            throw new AssertionError("expected a JSON body, got none (status " + response.getStatusCode() + ")");
        }
        try {
            return MAPPER.readTree(response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("body is not JSON: " + response.getBody(), e);
        }
    }

    /** A response header, whatever case the handler wrote its name in; null when absent. */
    public static String header(APIGatewayV2HTTPResponse response, String name) {
        Map<String, String> headers = response.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
