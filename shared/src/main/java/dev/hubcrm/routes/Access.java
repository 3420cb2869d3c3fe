package dev.hubcrm.routes;

/** Who may call a route. */
public enum Access {
    /** No credentials (health, OpenAPI document, webhooks, unsubscribe). */
    PUBLIC,
    /** The operator key only (creating hubs). */
    OPERATOR,
    /** A hub API key; the request acts on that hub only. */
    HUB,
    /**
     * A hub API key checked against the table on every request, never a remembered one: managing
     * keys and the hub's settings, where a key revoked a moment ago must not mint a new key.
     */
    HUB_FRESH_KEY;

    /** Whether a hub API key authenticates the route (and the request acts on that hub only). */
    public boolean hub() {
        return this == HUB || this == HUB_FRESH_KEY;
    }
}
