package dev.hubcrm.routes;

/**
 * One API route: an HTTP API v2 route key ({@code "GET /v1/customers/{id}"}) served by a function.
 *
 * @param idempotent whether the route honours {@code Idempotency-Key} (creates and money moves)
 */
public record Route(String method, String path, LambdaFunction function, Access access, boolean idempotent) {

    /** The route key exactly as API Gateway HTTP API puts it in {@code routeKey}. */
    public String key() {
        return method + " " + path;
    }
}
