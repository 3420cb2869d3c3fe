package dev.hubcrm.hubs;

/** The operator's request for a hub. */
public record NewHub(String name, String currency, String timezone) {
}
