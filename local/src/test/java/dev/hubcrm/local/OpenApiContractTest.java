package dev.hubcrm.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.http.OpenApiDocument;
import dev.hubcrm.routes.Access;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the OpenAPI document (served at {@code GET /openapi.json}) true to the route table: every
 * route documented exactly once, with the security its {@link Access} demands and an
 * {@code Idempotency-Key} header exactly where the pipeline honours one.
 */
class OpenApiContractTest {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static SwaggerParseResult parsed;
    private static OpenAPI api;
    /** Every documented operation by route key ({@code "GET /v1/customers/{id}"}). */
    private static Map<String, Operation> operations;
    private static Map<String, PathItem> pathItems;

    @BeforeAll
    static void parse() throws IOException {
        String text;
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            assertThat(in).as(OpenApiDocument.RESOURCE + " on the classpath").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIV3Parser().readContents(text, null, options);
        api = parsed.getOpenAPI();
        assertThat(api).as("parsed document; messages: %s", parsed.getMessages()).isNotNull();
        operations = new LinkedHashMap<>();
        pathItems = new LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String key = method.name() + " " + path;
            operations.put(key, operation);
            pathItems.put(key, item);
        }));
    }

    @Test
    void parsesWithoutMessages() {
        assertThat(parsed.getMessages()).isNullOrEmpty();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getServers()).singleElement().satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
        // What GET /openapi.json serves is this resource.
        assertThat(OpenApiDocument.load().path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void documentsEveryRouteExactlyOnce() {
        List<String> routeKeys = RouteTable.ROUTES.stream().map(Route::key).toList();
        assertThat(routeKeys).as("route table keys").doesNotHaveDuplicates();
        assertThat(operations.keySet()).containsExactlyInAnyOrderElementsOf(routeKeys);
    }

    @Test
    void securityFollowsAccess() {
        assertThat(api.getSecurity()).as("no document-wide security: each operation says its own").isNullOrEmpty();
        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        for (String name : List.of("hubKey", "operatorKey")) {
            assertThat(schemes).containsKey(name);
            assertThat(schemes.get(name).getType()).isEqualTo(SecurityScheme.Type.HTTP);
            assertThat(schemes.get(name).getScheme()).isEqualToIgnoringCase("bearer");
        }
        SoftAssertions soft = new SoftAssertions();
        for (Route route : documentedRoutes()) {
            List<SecurityRequirement> security = operations.get(route.key()).getSecurity();
            Set<String> schemeNames = security == null ? Set.of()
                    : security.stream().flatMap(requirement -> requirement.keySet().stream()).collect(Collectors.toSet());
            switch (route.access()) {
                case PUBLIC -> soft.assertThat(schemeNames).as("%s is public", route.key()).isEmpty();
                case OPERATOR -> {
                    soft.assertThat(security).as("%s needs the operator key", route.key()).hasSize(1);
                    soft.assertThat(schemeNames).as("%s needs the operator key", route.key()).containsExactly("operatorKey");
                }
                case HUB, HUB_FRESH_KEY -> {
                    soft.assertThat(security).as("%s needs a hub key", route.key()).hasSize(1);
                    soft.assertThat(schemeNames).as("%s needs a hub key", route.key()).containsExactly("hubKey");
                }
            }
            boolean documents401 = operations.get(route.key()).getResponses().containsKey("401");
            soft.assertThat(documents401).as("%s documents 401 exactly when it needs a key", route.key())
                    .isEqualTo(route.access() != Access.PUBLIC);
            if (route.access() == Access.PUBLIC) {
                // The stack gives every public route its own API Gateway throttle (HubcrmStack.PUBLIC_ROUTE_THROTTLES).
                soft.assertThat(operations.get(route.key()).getResponses()).as("%s documents its route throttle", route.key())
                        .containsKey("429");
            }
        }
        soft.assertAll();
    }

    @Test
    void idempotentRoutesAndOnlyThoseTakeAnIdempotencyKey() {
        SoftAssertions soft = new SoftAssertions();
        for (Route route : documentedRoutes()) {
            List<Parameter> keys = parameters(route.key()).stream()
                    .filter(p -> "header".equals(p.getIn()) && IDEMPOTENCY_KEY.equalsIgnoreCase(p.getName()))
                    .toList();
            if (route.idempotent()) {
                soft.assertThat(keys).as("%s takes an Idempotency-Key header", route.key()).hasSize(1);
                soft.assertThat(keys).as("%s Idempotency-Key is optional", route.key())
                        .noneMatch(p -> Boolean.TRUE.equals(p.getRequired()));
                operations.get(route.key()).getResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        soft.assertThat(resolve(response).getHeaders())
                                .as("%s %s may be a replay", route.key(), status).containsKey("Idempotent-Replayed");
                    }
                });
            } else {
                soft.assertThat(keys).as("%s ignores Idempotency-Key, so must not document it", route.key()).isEmpty();
            }
        }
        soft.assertAll();
    }

    @Test
    void everyOperationIsNamedAndDocumentsThePipelineAnswers() {
        Set<String> operationIds = new HashSet<>();
        SoftAssertions soft = new SoftAssertions();
        operations.forEach((key, operation) -> {
            soft.assertThat(operation.getOperationId()).as("%s operationId", key).isNotBlank();
            soft.assertThat(operationIds.add(String.valueOf(operation.getOperationId())))
                    .as("%s operationId %s is unique", key, operation.getOperationId()).isTrue();
            soft.assertThat(operation.getSummary()).as("%s summary", key).isNotBlank();
            Set<String> statuses = operation.getResponses().keySet();
            soft.assertThat(statuses).as("%s has a 2xx answer", key).anyMatch(status -> status.startsWith("2"));
            // The pipeline answers these on every route: bad query encoding, and bodies over 1 MB.
            soft.assertThat(statuses).as("%s statuses", key).contains("400", "413").doesNotContain("default");
            if (key.equals("POST /webhooks/stripe")) {
                // The signature over the raw bytes is its only check before parsing: no content type is refused.
                soft.assertThat(statuses).as("%s statuses", key).contains("422").doesNotContain("415");
            } else if (operation.getRequestBody() != null) {
                soft.assertThat(statuses).as("%s reads JSON, so refuses other media types", key).contains("415", "422");
            }
            for (String path : pathParameterNames(key)) {
                soft.assertThat(parameters(key)).as("%s declares path parameter %s", key, path)
                        .anyMatch(p -> "path".equals(p.getIn()) && path.equals(p.getName()) && Boolean.TRUE.equals(p.getRequired()));
            }
        });
        soft.assertAll();
    }

    @Test
    void errorsAreProblemDetails() {
        SoftAssertions soft = new SoftAssertions();
        operations.forEach((key, operation) -> operation.getResponses().forEach((status, reference) -> {
            ApiResponse response = resolve(reference);
            if (status.startsWith("4") || status.startsWith("5")) {
                soft.assertThat(response.getContent()).as("%s %s", key, status).containsKey("application/problem+json");
                if (response.getContent() != null && response.getContent().containsKey("application/problem+json")) {
                    soft.assertThat(response.getContent().get("application/problem+json").getSchema().get$ref())
                            .as("%s %s schema", key, status).isEqualTo("#/components/schemas/Problem");
                }
            }
            if (status.equals("429")) {
                soft.assertThat(response.getHeaders()).as("%s 429", key).containsKey("Retry-After");
            }
            if (status.equals("401")) {
                soft.assertThat(response.getHeaders()).as("%s 401", key).containsKey("WWW-Authenticate");
            }
            if (status.equals("201")) {
                soft.assertThat(response.getHeaders()).as("%s 201", key).containsKey("Location");
            }
        }));
        soft.assertAll();
    }

    @Test
    void jsonRequestBodiesRefuseUnknownFieldsAndFileRoutesTakeFiles() {
        SoftAssertions soft = new SoftAssertions();
        operations.forEach((key, operation) -> {
            if (operation.getRequestBody() == null) {
                return;
            }
            Map<String, MediaType> content = operation.getRequestBody().getContent();
            if (RouteTable.byKey(key).orElseThrow().maxBodyBytes() > Route.MAX_JSON_BODY_BYTES) {
                soft.assertThat(content).as("%s takes files", key).containsKeys("text/csv", XLSX);
                return;
            }
            soft.assertThat(content).as("%s request body", key).containsKey("application/json");
            if (key.startsWith("PATCH ")) {
                soft.assertThat(content).as("%s is a merge patch", key).containsKey("application/merge-patch+json");
            }
            content.forEach((mediaType, media) -> {
                Schema<?> schema = schema(media.getSchema());
                soft.assertThat(schema.getAdditionalProperties()).as("%s %s additionalProperties", key, mediaType)
                        .isEqualTo(Boolean.FALSE);
            });
        });
        soft.assertAll();
    }

    /** The routes the document has an operation for (the others fail {@link #documentsEveryRouteExactlyOnce}). */
    private static List<Route> documentedRoutes() {
        return RouteTable.ROUTES.stream().filter(route -> operations.containsKey(route.key())).toList();
    }

    private static List<Parameter> parameters(String routeKey) {
        List<Parameter> all = new ArrayList<>();
        PathItem item = pathItems.get(routeKey);
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        Operation operation = operations.get(routeKey);
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all.stream().map(OpenApiContractTest::resolve).toList();
    }

    private static List<String> pathParameterNames(String routeKey) {
        List<String> names = new ArrayList<>();
        for (String segment : routeKey.substring(routeKey.indexOf(' ') + 1).split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    private static Parameter resolve(Parameter parameter) {
        String ref = parameter.get$ref();
        return ref == null ? parameter : component(api.getComponents().getParameters(), ref, "parameters");
    }

    private static ApiResponse resolve(ApiResponse response) {
        String ref = response.get$ref();
        return ref == null ? response : component(api.getComponents().getResponses(), ref, "responses");
    }

    private static Schema<?> schema(Schema<?> schema) {
        String ref = schema.get$ref();
        return ref == null ? schema : component(api.getComponents().getSchemas(), ref, "schemas");
    }

    private static <T> T component(Map<String, T> components, String ref, String kind) {
        String prefix = "#/components/" + kind + "/";
        assertThat(ref).as("a local reference to %s", kind).startsWith(prefix);
        T component = components == null ? null : components.get(ref.substring(prefix.length()));
        assertThat(component).as("%s resolves", ref).isNotNull();
        return component;
    }
}
