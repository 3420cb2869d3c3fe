package dev.hubcrm.customers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.JsonMergePatch;
import dev.hubcrm.http.Operation;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.segments.SegmentService;
import java.util.HashMap;
import java.util.Map;

/**
 * customers-api: a hub's customers, their orders (facts and status) and bulk changes; relations,
 * message history and timeline in {@link CustomerHistoryRoutes}.
 */
public final class CustomersApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiPipeline api;

    public CustomersApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public CustomersApiHandler(AppContext app) {
        CustomerService customers = app.customers();
        CustomerBulk bulk = new CustomerBulk(customers, app.quotas());
        SegmentService segments = app.segments();
        Map<String, Operation> operations = new HashMap<>(CustomerHistoryRoutes.operations(app));
        operations.putAll(Map.ofEntries(
                Map.entry("POST /v1/customers", request -> {
                    Customer created = customers.create(request.hubId(), CustomerJson.draft(request.json()));
                    return Reply.created(CustomerJson.toJson(created), "/v1/customers/" + created.id())
                            .withHeader("ETag", CustomerJson.etag(created));
                }),
                Map.entry("GET /v1/customers", request -> Reply.ok(CustomerJson.page(customers.list(request.hubId(),
                        segments.checked(request.hubId(), CustomerJson.listFilter(request)), request.page())))),
                Map.entry("GET /v1/customers/{id}", request ->
                        one(customers.get(request.hubId(), request.pathParameter("id")))),
                Map.entry("PATCH /v1/customers/{id}", request -> {
                    JsonNode patch = CustomerJson.pinningStatus(request.json());
                    return one(customers.update(request.hubId(), request.pathParameter("id"),
                            current -> CustomerJson.draft(JsonMergePatch.apply(CustomerJson.writable(current), patch)),
                            CustomerJson.clearsSuppression(patch), request.ifMatch(), StatusChange.MANUAL));
                }),
                Map.entry("DELETE /v1/customers/{id}", request -> {
                    customers.delete(request.hubId(), request.pathParameter("id"), request.ifMatch());
                    return Reply.noContent();
                }),
                Map.entry("POST /v1/customers/{id}/orders", request -> {
                    CustomerJson.OrderInput order = CustomerJson.order(request.json());
                    CustomerService.OrderResult result = customers.recordOrder(request.hubId(), request.pathParameter("id"),
                            order.orderRef(), order.total(), order.placedAt());
                    return Reply.json(result.firstTime() ? 201 : 200, CustomerJson.toJson(result));
                }),
                Map.entry("POST /v1/customers/bulk", request ->
                        Reply.ok(CustomerJson.bulkResults(bulk.apply(request.hubId(), CustomerJson.bulkChange(request.json(),
                                segmentId -> segments.memberIds(request.hubId(), segmentId, CustomerBulk.MAX_IDS, "segmentId"))))))));
        api = app.pipeline(LambdaFunction.CUSTOMERS_API, operations);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }

    private static Reply one(Customer customer) {
        return Reply.ok(CustomerJson.toJson(customer)).withHeader("ETag", CustomerJson.etag(customer));
    }
}
