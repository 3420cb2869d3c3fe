package dev.hubcrm.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.http.Json;

/**
 * Something that happened in a hub, published for the shop and later automations. It carries ids
 * only (hub, campaign, customer, message), never an address or a name.
 *
 * @param campaignId null when the event is about no campaign
 * @param customerId null when the event is about no one customer
 * @param messageId hubcrm's id of the message (its entry in the customer's message history); null when none
 */
public record DomainEvent(Type type, String hubId, String campaignId, String customerId, String messageId) {
    public enum Type {
        CAMPAIGN_STARTED("campaign.started"),
        /** The last recipient of the campaign is done (sent, failed or skipped). */
        CAMPAIGN_SENT("campaign.sent"),
        /** A campaign mail bounced hard; its address is suppressed for the hub. */
        MESSAGE_BOUNCED("message.bounced"),
        CUSTOMER_UNSUBSCRIBED("customer.unsubscribed");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** The event's name, EventBridge's detail-type. */
        public String wire() {
            return wire;
        }
    }

    public static DomainEvent campaignStarted(String hubId, String campaignId) {
        return new DomainEvent(Type.CAMPAIGN_STARTED, hubId, campaignId, null, null);
    }

    public static DomainEvent campaignSent(String hubId, String campaignId) {
        return new DomainEvent(Type.CAMPAIGN_SENT, hubId, campaignId, null, null);
    }

    public static DomainEvent messageBounced(String hubId, String campaignId, String customerId, String messageId) {
        return new DomainEvent(Type.MESSAGE_BOUNCED, hubId, campaignId, customerId, messageId);
    }

    public static DomainEvent customerUnsubscribed(String hubId, String campaignId, String customerId) {
        return new DomainEvent(Type.CUSTOMER_UNSUBSCRIBED, hubId, campaignId, customerId, null);
    }

    /** The event's detail: {@code {hubId, campaignId?, customerId?, messageId?}}. */
    public ObjectNode detail() {
        ObjectNode detail = Json.object().put("hubId", hubId);
        Json.putIfPresent(detail, "campaignId", campaignId);
        Json.putIfPresent(detail, "customerId", customerId);
        Json.putIfPresent(detail, "messageId", messageId);
        return detail;
    }
}
