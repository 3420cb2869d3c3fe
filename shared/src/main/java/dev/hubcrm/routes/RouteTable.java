package dev.hubcrm.routes;

import static dev.hubcrm.routes.Access.HUB;
import static dev.hubcrm.routes.Access.HUB_FRESH_KEY;
import static dev.hubcrm.routes.Access.OPERATOR;
import static dev.hubcrm.routes.Access.PUBLIC;
import static dev.hubcrm.routes.LambdaFunction.CAMPAIGNS_API;
import static dev.hubcrm.routes.LambdaFunction.CUSTOMERS_API;
import static dev.hubcrm.routes.LambdaFunction.HUBS_ADMIN;
import static dev.hubcrm.routes.LambdaFunction.IMPORTS_API;
import static dev.hubcrm.routes.LambdaFunction.NOTES_API;
import static dev.hubcrm.routes.LambdaFunction.SEGMENTS_API;
import static dev.hubcrm.routes.LambdaFunction.STRIPE_WEBHOOK;
import static dev.hubcrm.routes.LambdaFunction.WALLET_API;

import dev.hubcrm.imports.ImportService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The single route table: the CDK stack creates one HTTP API route per entry and the local server
 * dispatches with it, so what runs locally is what deploys.
 */
public final class RouteTable {

    public static final List<Route> ROUTES = List.of(
            new Route("GET", "/health", HUBS_ADMIN, PUBLIC, false),
            new Route("GET", "/openapi.json", HUBS_ADMIN, PUBLIC, false),
            new Route("POST", "/v1/hubs", HUBS_ADMIN, OPERATOR, true),
            // Where a hub's customers' money goes is the operator's to say, never a hub key's.
            new Route("PUT", "/v1/hubs/{id}/stripe-account", HUBS_ADMIN, OPERATOR, false),
            // The hub's keys and settings check the key in the table at every request (no 30 s cache).
            new Route("GET", "/v1/hub", HUBS_ADMIN, HUB_FRESH_KEY, false),
            new Route("PATCH", "/v1/hub", HUBS_ADMIN, HUB_FRESH_KEY, false),
            new Route("GET", "/v1/hub/api-keys", HUBS_ADMIN, HUB_FRESH_KEY, false),
            new Route("POST", "/v1/hub/api-keys", HUBS_ADMIN, HUB_FRESH_KEY, true),
            new Route("GET", "/v1/hub/api-keys/{id}", HUBS_ADMIN, HUB_FRESH_KEY, false),
            new Route("DELETE", "/v1/hub/api-keys/{id}", HUBS_ADMIN, HUB_FRESH_KEY, false),
            new Route("POST", "/v1/customers", CUSTOMERS_API, HUB, true),
            new Route("POST", "/v1/customers/bulk", CUSTOMERS_API, HUB, false),
            new Route("POST", "/v1/customers/{id}/orders", CUSTOMERS_API, HUB, true),
            new Route("POST", "/v1/customers/{id}/relations", CUSTOMERS_API, HUB, true),
            new Route("GET", "/v1/customers/{id}/relations", CUSTOMERS_API, HUB, false),
            new Route("GET", "/v1/customers/{id}/messages", CUSTOMERS_API, HUB, false),
            new Route("GET", "/v1/customers/{id}/timeline", CUSTOMERS_API, HUB, false),
            new Route("GET", "/v1/customers", CUSTOMERS_API, HUB, false),
            // Served with the imports: the one API function that carries the CSV library. A large export
            // is a job (written by the export worker) that GET /v1/exports/{id} follows.
            new Route("GET", "/v1/customers/export", IMPORTS_API, HUB, false),
            new Route("GET", "/v1/customers/{id}", CUSTOMERS_API, HUB, false),
            new Route("PATCH", "/v1/customers/{id}", CUSTOMERS_API, HUB, false),
            new Route("DELETE", "/v1/customers/{id}", CUSTOMERS_API, HUB, false),
            new Route("POST", "/v1/imports", IMPORTS_API, HUB, true, ImportService.MAX_FILE_BYTES, ImportService.LARGER_FILES),
            new Route("POST", "/v1/imports/uploads", IMPORTS_API, HUB, true),
            new Route("GET", "/v1/imports/{id}", IMPORTS_API, HUB, false),
            new Route("GET", "/v1/exports/{id}", IMPORTS_API, HUB, false),
            new Route("POST", "/v1/segments", SEGMENTS_API, HUB, true),
            new Route("GET", "/v1/segments", SEGMENTS_API, HUB, false),
            new Route("POST", "/v1/segments/preview", SEGMENTS_API, HUB, false),
            new Route("GET", "/v1/segments/{id}", SEGMENTS_API, HUB, false),
            new Route("PATCH", "/v1/segments/{id}", SEGMENTS_API, HUB, false),
            new Route("DELETE", "/v1/segments/{id}", SEGMENTS_API, HUB, false),
            new Route("GET", "/v1/segments/{id}/members", SEGMENTS_API, HUB, false),
            new Route("GET", "/v1/segments/{id}/emails", SEGMENTS_API, HUB, false),
            new Route("POST", "/v1/customers/{id}/notes", NOTES_API, HUB, true),
            new Route("GET", "/v1/customers/{id}/notes", NOTES_API, HUB, false),
            new Route("GET", "/v1/customers/{id}/notes/{noteId}", NOTES_API, HUB, false),
            new Route("PATCH", "/v1/customers/{id}/notes/{noteId}", NOTES_API, HUB, false),
            new Route("DELETE", "/v1/customers/{id}/notes/{noteId}", NOTES_API, HUB, false),
            new Route("GET", "/v1/customers/{id}/notes/{noteId}/history", NOTES_API, HUB, false),
            new Route("GET", "/v1/notes", NOTES_API, HUB, false),
            new Route("POST", "/v1/channels", NOTES_API, HUB, true),
            new Route("GET", "/v1/channels", NOTES_API, HUB, false),
            new Route("GET", "/v1/channels/{id}", NOTES_API, HUB, false),
            new Route("PATCH", "/v1/channels/{id}", NOTES_API, HUB, false),
            new Route("DELETE", "/v1/channels/{id}", NOTES_API, HUB, false),
            new Route("GET", "/v1/channels/{id}/feed", NOTES_API, HUB, false),
            new Route("POST", "/v1/channels/{id}/posts", NOTES_API, HUB, true),
            new Route("GET", "/v1/channels/{id}/posts/{postId}", NOTES_API, HUB, false),
            new Route("GET", "/v1/customers/{id}/wallet", WALLET_API, HUB, false),
            new Route("GET", "/v1/customers/{id}/wallet/transactions", WALLET_API, HUB, false),
            new Route("POST", "/v1/customers/{id}/wallet/charges", WALLET_API, HUB, true),
            new Route("POST", "/v1/customers/{id}/wallet/refunds", WALLET_API, HUB, true),
            new Route("POST", "/v1/customers/{id}/wallet/adjustments", WALLET_API, HUB, true),
            new Route("POST", "/v1/customers/{id}/wallet/top-ups", WALLET_API, HUB, true),
            new Route("POST", "/v1/customers/{id}/portal-link", WALLET_API, HUB, true),
            new Route("DELETE", "/v1/customers/{id}/portal-link", WALLET_API, HUB, false),
            // The customer's portal: the signed token in the path is the authentication (and owns Idempotency-Keys).
            new Route("GET", "/portal/{token}", WALLET_API, PUBLIC, false),
            new Route("POST", "/portal/{token}/top-ups", WALLET_API, PUBLIC, true),
            new Route("POST", "/webhooks/stripe", STRIPE_WEBHOOK, PUBLIC, false),
            new Route("POST", "/v1/campaigns", CAMPAIGNS_API, HUB, true),
            new Route("GET", "/v1/campaigns", CAMPAIGNS_API, HUB, false),
            new Route("GET", "/v1/campaigns/{id}", CAMPAIGNS_API, HUB, false),
            new Route("PATCH", "/v1/campaigns/{id}", CAMPAIGNS_API, HUB, false),
            new Route("DELETE", "/v1/campaigns/{id}", CAMPAIGNS_API, HUB, false),
            new Route("POST", "/v1/campaigns/{id}/preview", CAMPAIGNS_API, HUB, false),
            new Route("POST", "/v1/campaigns/{id}/test", CAMPAIGNS_API, HUB, false),
            new Route("POST", "/v1/campaigns/{id}/send", CAMPAIGNS_API, HUB, true),
            new Route("POST", "/v1/campaigns/{id}/schedule", CAMPAIGNS_API, HUB, false),
            new Route("POST", "/v1/campaigns/{id}/cancel", CAMPAIGNS_API, HUB, false),
            new Route("GET", "/v1/campaigns/{id}/recipients", CAMPAIGNS_API, HUB, false),
            // One-click unsubscribe from a campaign mail: the signed token in the path is the authentication.
            new Route("GET", "/u/{token}", CAMPAIGNS_API, PUBLIC, false),
            new Route("POST", "/u/{token}", CAMPAIGNS_API, PUBLIC, false));

    private static final Map<String, Route> BY_KEY =
            ROUTES.stream().collect(Collectors.toUnmodifiableMap(Route::key, Function.identity()));

    private RouteTable() {
    }

    public static Optional<Route> byKey(String routeKey) {
        return Optional.ofNullable(BY_KEY.get(routeKey));
    }

    public static List<Route> of(LambdaFunction function) {
        return ROUTES.stream().filter(r -> r.function() == function).toList();
    }
}
