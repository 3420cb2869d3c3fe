package dev.hubcrm.http;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.UnavailableException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.quotas.QuotaExceededException;
import dev.hubcrm.routes.Access;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import dev.hubcrm.store.TableDesign;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Everything between API Gateway and an operation: route, body limit, authentication, tenant,
 * {@code Idempotency-Key}, errors as RFC 9457 problems, one structured log line and metrics per
 * request. Logs carry ids, routes and statuses, never emails or names.
 */
public final class ApiPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ApiPipeline.class);
    private static final String OPERATOR_PARTITION = "OPERATOR";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** Contention that outlasted a request's retries is over within a second or so. */
    private static final int CONTENTION_RETRY_AFTER_SECONDS = 1;
    /** A provider that failed now (Stripe unreachable, say) is not asked again at once. */
    private static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
    private static final Metrics METRICS = MetricsFactory.getMetricsInstance();

    static {
        // The stack sets POWERTOOLS_METRICS_NAMESPACE; the local server and tests run without it.
        if (System.getenv("POWERTOOLS_METRICS_NAMESPACE") == null) {
            METRICS.setNamespace("hubcrm");
        }
    }

    private final Map<String, Operation> operations;
    private final Authenticator authenticator;
    private final IdempotencyStore idempotency;
    /** Held here because CRaC keeps registered resources only weakly. */
    private Resource priming;

    public ApiPipeline(LambdaFunction function, Map<String, Operation> operations, Authenticator authenticator,
            IdempotencyStore idempotency) {
        Set<String> routed = RouteTable.of(function).stream().map(Route::key).collect(Collectors.toSet());
        if (!routed.equals(operations.keySet())) {
            throw new IllegalStateException(function + " must serve exactly its routes " + routed
                    + " but has operations for " + operations.keySet());
        }
        RouteTable.of(function).stream().filter(r -> r.idempotent() && r.access() == Access.PUBLIC)
                .filter(r -> !(operations.get(r.key()) instanceof OwnedOperation)).findFirst().ifPresent(r -> {
                    throw new IllegalStateException(r.key() + " is public and idempotent, so its operation must say whose"
                            + " Idempotency-Keys it keeps (an OwnedOperation)");
                });
        this.operations = Map.copyOf(operations);
        this.authenticator = authenticator;
        this.idempotency = idempotency;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> respond(event, true));
    }

    /**
     * SnapStart priming: before the snapshot is taken, one request with an unknown key goes through
     * routing, authentication (a real GetItem), problem rendering and logging, so that the classes,
     * the HTTP connection and Log4j are ready in every restored environment. It records no metrics.
     */
    public ApiPipeline primedBeforeSnapshot() {
        priming = new Resource() {
            @Override
            public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
                prime();
            }

            @Override
            public void afterRestore(org.crac.Context<? extends Resource> context) {
                // nothing to refresh: clients re-establish connections on first use
            }
        };
        Core.getGlobalContext().register(priming);
        return this;
    }

    /** Runs the priming request now; answers its status (401: the key is unknown), or 0 for a function without hub routes. */
    public int prime() {
        return RouteTable.ROUTES.stream().filter(r -> operations.containsKey(r.key()) && r.access().hub())
                .findFirst().map(route -> respond(primingEvent(route), false).getStatusCode()).orElse(0);
    }

    private static APIGatewayV2HTTPEvent primingEvent(Route route) {
        String unknownId = "00000000000000000000000000";
        return APIGatewayV2HTTPEvent.builder().withRouteKey(route.key())
                .withRawPath(route.path().replace("{id}", "cus_" + unknownId))
                .withPathParameters(route.path().contains("{id}") ? Map.of("id", "cus_" + unknownId) : null)
                .withHeaders(Map.of("authorization", "Bearer hcrm.hub_" + unknownId + ".key_" + unknownId + ".priming"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("snapstart-priming").build())
                .build();
    }

    private APIGatewayV2HTTPResponse respond(APIGatewayV2HTTPEvent event, boolean recordMetrics) {
        long started = System.nanoTime();
        String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        Optional<Route> route = RouteTable.byKey(event.getRouteKey()).filter(r -> operations.containsKey(r.key()));
        APIGatewayV2HTTPResponse response;
        String hubId = null;
        try {
            if (route.isEmpty()) {
                throw new ApiException(404, "Not found", "no route " + event.getRouteKey());
            }
            ApiRequest unauthenticated = new ApiRequest(event, route.get(), null, null);
            if (unauthenticated.bodyBytes() > route.get().maxBodyBytes()) {
                throw new ApiException(413, "Payload too large", "request bodies of this route are limited to "
                        + route.get().maxBody() + (route.get().largerBodies() == null ? "" : "; " + route.get().largerBodies()));
            }
            Optional<String> authorization = unauthenticated.header("Authorization");
            String partition = null;
            String operator = null;
            if (route.get().access() == Access.OPERATOR) {
                operator = authenticator.requireOperator(authorization);
                partition = OPERATOR_PARTITION;
            } else if (route.get().access().hub()) {
                hubId = authenticator.hubFor(authorization, route.get().access() == Access.HUB_FRESH_KEY);
                partition = TableDesign.hubPartition(hubId);
            }
            ApiRequest request = new ApiRequest(event, route.get(), hubId, operator);
            response = toResponse(run(route.get(), request, partition));
        } catch (ApiException e) {
            response = problem(event, requestId, e.status(), e.title(), e.getMessage(), e.errors(), e.headers(), e.extensions());
        } catch (ValidationException e) {
            String detail = e.count() > e.errors().size()
                    ? e.count() + " fields are invalid; errors lists the first " + e.errors().size() : "some fields are invalid: see errors";
            response = problem(event, requestId, 422, "Invalid request", detail, e.errors(), Map.of());
        } catch (NotFoundException e) {
            response = problem(event, requestId, 404, "Not found", e.getMessage(), List.of(), Map.of());
        } catch (ConflictException e) {
            List<FieldError> errors = e.error() == null ? List.of() : List.of(e.error());
            response = problem(event, requestId, 409, "Conflict", e.getMessage(), errors, Map.of());
        } catch (PreconditionFailedException e) {
            response = problem(event, requestId, 412, "Precondition failed", e.getMessage(), List.of(), Map.of());
        } catch (ContentionException e) {
            LOG.warn("write contention outlasted its retries", entry("routeKey", event.getRouteKey()));
            response = problem(event, requestId, 503, "Busy", e.getMessage(), List.of(),
                    Map.of("Retry-After", String.valueOf(CONTENTION_RETRY_AFTER_SECONDS)));
        } catch (UnavailableException e) {
            LOG.warn("a service this request needs did not answer", entry("routeKey", event.getRouteKey()), e);
            response = problem(event, requestId, 503, "Service unavailable", e.getMessage() + "; nothing changed, retry later",
                    List.of(), Map.of("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS)));
        } catch (QuotaExceededException e) {
            response = problem(event, requestId, 429, "Too many requests", e.getMessage(), List.of(),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        } catch (RuntimeException e) {
            LOG.error("request failed", entry("routeKey", event.getRouteKey()), e);
            response = problem(event, requestId, 500, "Internal error",
                    "something went wrong on our side; nothing was lost, retry with the same Idempotency-Key", List.of(), Map.of());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("request", entry("routeKey", event.getRouteKey()), entry("hubId", hubId),
                entry("status", response.getStatusCode()), entry("durationMs", millis));
        if (recordMetrics) {
            record(response.getStatusCode(), millis);
        }
        return response;
    }

    private Reply run(Route route, ApiRequest request, String partition) {
        Operation operation = operations.get(route.key());
        Optional<String> key = request.header("Idempotency-Key");
        if (!route.idempotent() || key.isEmpty()) {
            return operation.handle(request);
        }
        String idempotencyKey = key.get().strip();
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || !idempotencyKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.malformed("Idempotency-Key must be 1-255 visible ASCII characters");
        }
        String fingerprint = fingerprint(request);
        String keyPartition = partition;
        String scope = route.key();
        if (operation instanceof OwnedOperation owned) {
            OwnedOperation.Owner owner = owned.owner().apply(request);
            keyPartition = TableDesign.hubPartition(owner.hubId());
            scope = route.key() + "#" + owner.subject();
        }
        return switch (idempotency.claim(keyPartition, scope, idempotencyKey, fingerprint)) {
            case IdempotencyStore.Replay replay -> replay.reply();
            case IdempotencyStore.Withheld withheld -> throw new ApiException(409, "Already done",
                    "a request with this Idempotency-Key already succeeded; the key it created is shown only once,"
                            + " so it cannot be replayed: revoke it if it was lost and create another", List.of(), withheld.headers());
            case IdempotencyStore.InProgress running -> throw new ApiException(409, "Request in progress",
                    "a request with this Idempotency-Key is still running; retry in a few seconds");
            case IdempotencyStore.Mismatch mismatch -> throw new ApiException(422, "Idempotency-Key reused",
                    "this Idempotency-Key was used for a different request; use a new key for a new request");
            case IdempotencyStore.Granted granted ->
                    runOnce(operation, request, keyPartition, scope, idempotencyKey, granted.claimToken());
        };
    }

    /** What makes two requests the same for {@code Idempotency-Key}: path and exact body bytes. */
    private static String fingerprint(ApiRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.path().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(request.bytes());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Reply runOnce(Operation operation, ApiRequest request, String partition, String scope, String key, String claim) {
        Reply reply;
        try {
            reply = operation.handle(request);
        } catch (RuntimeException e) {
            idempotency.release(partition, scope, key, claim);
            throw e;
        }
        if (reply.status() / 100 == 2) {
            idempotency.complete(partition, scope, key, claim, reply);
        } else {
            idempotency.release(partition, scope, key, claim);
        }
        return reply;
    }

    private static APIGatewayV2HTTPResponse toResponse(Reply reply) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        JsonNode body = reply.body();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(reply.status()).withHeaders(headers)
                .withBody(body != null ? body.toString() : reply.text()).build();
    }

    private static APIGatewayV2HTTPResponse problem(APIGatewayV2HTTPEvent event, String requestId, int status,
            String title, String detail, List<FieldError> errors, Map<String, String> extraHeaders) {
        return problem(event, requestId, status, title, detail, errors, extraHeaders, Map.of());
    }

    private static APIGatewayV2HTTPResponse problem(APIGatewayV2HTTPEvent event, String requestId, int status,
            String title, String detail, List<FieldError> errors, Map<String, String> extraHeaders,
            Map<String, Object> extensions) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        ObjectNode problem = Problem.body(status, title, detail, errors, event.getRawPath(), requestId);
        extensions.forEach((name, value) -> problem.set(name, Json.MAPPER.valueToTree(value)));
        String body = problem.toString();
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static void record(int status, long millis) {
        METRICS.addMetric("Requests", 1, MetricUnit.COUNT);
        METRICS.addMetric("ServerErrors", status >= 500 ? 1 : 0, MetricUnit.COUNT);
        METRICS.addMetric("Latency", millis, MetricUnit.MILLISECONDS);
        METRICS.flush();
    }
}
