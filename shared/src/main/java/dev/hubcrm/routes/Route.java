package dev.hubcrm.routes;

/**
 * One API route: an HTTP API v2 route key ({@code "GET /v1/customers/{id}"}) served by a function.
 *
 * @param idempotent whether the route honours {@code Idempotency-Key} (creates and money moves)
 * @param maxBodyBytes the largest request body the route takes (1 MB of JSON unless it takes files)
 * @param largerBodies what to do instead with a larger body (said in the 413 problem), or null
 */
public record Route(String method, String path, LambdaFunction function, Access access, boolean idempotent,
        int maxBodyBytes, String largerBodies) {
    public static final int MAX_JSON_BODY_BYTES = 1024 * 1024;

    public Route(String method, String path, LambdaFunction function, Access access, boolean idempotent) {
        this(method, path, function, access, idempotent, MAX_JSON_BODY_BYTES, null);
    }

    /** The body limit as the 413 problem says it: {@code 1 MB}, or {@code 4.5 MB (4500000 bytes)}. */
    public String maxBody() {
        int mebibyte = 1024 * 1024;
        return maxBodyBytes % mebibyte == 0 ? maxBodyBytes / mebibyte + " MB"
                : java.math.BigDecimal.valueOf(maxBodyBytes, 6).stripTrailingZeros().toPlainString() + " MB (" + maxBodyBytes + " bytes)";
    }

    /** The route key exactly as API Gateway HTTP API puts it in {@code routeKey}. */
    public String key() {
        return method + " " + path;
    }
}
