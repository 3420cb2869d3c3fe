package dev.hubcrm.segments;

import java.util.List;

/**
 * The value of an {@code engagement} condition: an email event, of one campaign or of any. Nothing
 * records engagement yet (campaigns are a later issue), so every customer reads as having none.
 */
public record Engagement(String campaignId, String event) {
    public static final List<String> EVENTS = java.util.List.of("opened", "clicked", "delivered", "bounced");
}
