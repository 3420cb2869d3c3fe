package dev.hubcrm.wallet;

import dev.hubcrm.common.Ids;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checkout of {@code ./dev run} and the end-to-end tests (no Stripe account): the customer
 * "pays" by POSTing to {@code /_local/checkout/{sessionId}}, and the local server sends the signed
 * {@code checkout.session.completed} webhook that Stripe would send. Sessions live in memory: a
 * local server restart forgets unpaid ones.
 */
public final class LocalCheckoutGateway implements CheckoutGateway {
    public static final String PATH_PREFIX = "/_local/checkout/";

    /** A session waiting to be paid, with what the webhook event must carry. */
    public record Pending(String sessionId, String hubId, TopUp topUp, String returnUrl) {
    }

    private final Map<String, Pending> sessions = new ConcurrentHashMap<>();
    private final String baseUrl;

    /** @param baseUrl the local server's address: checkout links leave the system (mails, portal), so they are absolute */
    public LocalCheckoutGateway(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public Session create(String hubId, TopUp topUp, String returnUrl) {
        String sessionId = Ids.newId("cs_local");
        sessions.put(sessionId, new Pending(sessionId, hubId, topUp, returnUrl));
        return new Session(sessionId, baseUrl + PATH_PREFIX + sessionId);
    }

    public Optional<Pending> session(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }
}
