package dev.hubcrm.routes;

/** Who may call a route. */
public enum Access {
    /** No credentials (health, OpenAPI document, webhooks, unsubscribe). */
    PUBLIC,
    /** The operator key only (creating hubs). */
    OPERATOR,
    /** A hub API key; the request acts on that hub only. */
    HUB
}
