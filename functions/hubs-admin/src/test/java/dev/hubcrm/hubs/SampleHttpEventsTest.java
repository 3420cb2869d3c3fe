package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.hubcrm.testkit.lambda.Events;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample events look like what API Gateway HTTP API sends with payload format 2.0, so that
 * replaying them proves something about the deployed functions.
 */
class SampleHttpEventsTest {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static Stream<String> httpEvents() throws IOException {
        try (Stream<Path> files = Files.list(Events.dir().resolve("http"))) {
            return files.map(file -> "http/" + file.getFileName()).filter(name -> name.endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void theRequiredSamplesExist() throws IOException {
        assertThat(httpEvents()).contains("http/health.json", "http/create-hub.json", "http/create-customer.json",
                "http/get-customer.json", "http/patch-customer.json", "http/list-customers-by-tag.json",
                "http/delete-customer.json", "http/create-customer-malformed.json", "http/create-customer-base64.json",
                "http/unknown-route.json");
    }

    @Test
    void theReadmeListsEverySample() throws IOException {
        String readme = Files.readString(Events.dir().resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(httpEvents()).allSatisfy(name -> assertThat(readme).contains(name));
    }

    @ParameterizedTest
    @MethodSource("httpEvents")
    void isAnHttpApiPayload20Event(String name) {
        String raw = Events.read(name);
        Map<String, String> values = Events.placeholders(raw).stream()
                .collect(Collectors.toMap(Function.identity(), placeholder -> "value-of-" + placeholder));
        APIGatewayV2HTTPEvent event = Events.load(name, values);

        assertThat(event.getVersion()).isEqualTo("2.0");
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context).isNotNull();
        assertThat(context.getRouteKey()).isEqualTo(event.getRouteKey());
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getRequestId()).isNotBlank();
        assertThat(context.getAccountId()).matches("[0-9]{12}");
        assertThat(context.getHttp().getPath()).isEqualTo(event.getRawPath());
        assertThat(context.getHttp().getSourceIp()).isNotBlank();
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getTime()).isEqualTo(REQUEST_TIME.format(Instant.ofEpochMilli(context.getTimeEpoch())));
        assertThat(event.getRawQueryString()).isNotNull();
        assertThat(event.getHeaders()).isNotEmpty();
        assertThat(event.getHeaders().keySet()).allSatisfy(header -> assertThat(header).isLowerCase());
        assertThat(event.getHeaders()).containsEntry("host", context.getDomainName());

        if (event.getRouteKey().equals("$default")) {
            assertThat(event.getPathParameters()).isNull();
        } else {
            Route route = RouteTable.byKey(event.getRouteKey()).orElseThrow(
                    () -> new AssertionError(name + ": " + event.getRouteKey() + " is not in the route table"));
            assertThat(context.getHttp().getMethod()).isEqualTo(route.method());
            String path = route.path();
            if (event.getPathParameters() != null) {
                for (Map.Entry<String, String> parameter : event.getPathParameters().entrySet()) {
                    assertThat(path).contains("{" + parameter.getKey() + "}");
                    path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
                }
            }
            assertThat(path).as("the path parameters fill the route's path").isEqualTo(event.getRawPath());
        }

        if (event.getRawQueryString().isEmpty()) {
            assertThat(event.getQueryStringParameters()).isNull();
        } else {
            assertThat(event.getQueryStringParameters()).isNotEmpty();
            for (String pair : event.getRawQueryString().split("&")) {
                assertThat(event.getQueryStringParameters()).containsKey(pair.split("=", 2)[0]);
            }
        }

        if (event.getBody() == null) {
            assertThat(event.getIsBase64Encoded()).isFalse();
            assertThat(event.getHeaders()).doesNotContainKey("content-length");
        } else {
            byte[] body = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                    : event.getBody().getBytes(StandardCharsets.UTF_8);
            assertThat(event.getHeaders()).containsKey("content-type");
            if (!new String(body, StandardCharsets.UTF_8).contains("value-of-")) {
                assertThat(event.getHeaders()).containsEntry("content-length", Integer.toString(body.length));
            }
        }
    }

    @Test
    void base64BodiesAreFlaggedAndDecodeToJson() {
        APIGatewayV2HTTPEvent event = Events.load("http/create-customer-base64.json", Map.of("hubKey", "k"));

        assertThat(event.getIsBase64Encoded()).isTrue();
        String decoded = new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("{").contains("\"companyName\"");
    }

    @Test
    void placeholdersAreFilledJsonEscapedAndMissingOnesFail() {
        APIGatewayV2HTTPEvent event = Events.load("http/patch-customer.json",
                Map.of("hubKey", "k", "customerId", "cus_1", "ifMatch", "\"1\""));

        assertThat(event.getHeaders()).containsEntry("if-match", "\"1\"");
        assertThat(event.getPathParameters()).containsEntry("id", "cus_1");
        assertThat(event.getRawPath()).isEqualTo("/v1/customers/cus_1");
        assertThatThrownBy(() -> Events.load("http/patch-customer.json", Map.of("hubKey", "k")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{{customerId}}");
    }
}
