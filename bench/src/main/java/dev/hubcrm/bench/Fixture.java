package dev.hubcrm.bench;

import java.net.URI;

/** What the setup made through the real services: a hub, its API key and one customer. */
record Fixture(URI endpoint, String table, String operatorKeySha256, String hubId, String apiKey, String customerId,
        String pk, String sk) {
}
