package dev.hubcrm.customers;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.Operation;
import dev.hubcrm.http.Reply;
import dev.hubcrm.messages.MessageHistory;
import dev.hubcrm.messages.MessageJson;
import dev.hubcrm.timeline.Timeline;
import dev.hubcrm.timeline.TimelineJson;
import java.util.Map;

/** customers-api's routes around one customer: relations, what was sent to them, their timeline. */
final class CustomerHistoryRoutes {
    private CustomerHistoryRoutes() {
    }

    static Map<String, Operation> operations(AppContext app) {
        CustomerService customers = app.customers();
        MessageHistory messages = app.messages();
        Timeline timeline = app.timeline();
        return Map.of(
                "POST /v1/customers/{id}/relations", request -> {
                    CustomerJson.RelationInput input = CustomerJson.relation(request.json());
                    return Reply.created(CustomerJson.toJson(customers.relate(request.hubId(), request.pathParameter("id"),
                            input.kind(), input.customerId())), "/v1/customers/" + request.pathParameter("id") + "/relations");
                },
                "GET /v1/customers/{id}/relations", request ->
                        Reply.ok(CustomerJson.relations(customers.relations(request.hubId(), request.pathParameter("id"), request.page()))),
                "GET /v1/customers/{id}/messages", request ->
                        Reply.ok(MessageJson.page(messages.of(request.hubId(), request.pathParameter("id"), request.page()))),
                "GET /v1/customers/{id}/timeline", request ->
                        Reply.ok(TimelineJson.page(timeline.of(request.hubId(), request.pathParameter("id"), request.page()))));
    }
}
