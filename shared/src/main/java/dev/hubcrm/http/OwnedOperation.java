package dev.hubcrm.http;

import java.util.function.Function;

/**
 * The operation of a public route that honours {@code Idempotency-Key}: with no API key to tell
 * callers apart, {@code owner} says whose keys they are (a portal's customer, from its signed
 * token), so that one caller's key never replays another's answer.
 */
public record OwnedOperation(Function<ApiRequest, Owner> owner, Operation operation) implements Operation {

    /** Keys are kept in {@code hubId}'s partition, apart for each {@code subject} (a customer id). */
    public record Owner(String hubId, String subject) {
    }

    @Override
    public Reply handle(ApiRequest request) {
        return operation.handle(request);
    }
}
