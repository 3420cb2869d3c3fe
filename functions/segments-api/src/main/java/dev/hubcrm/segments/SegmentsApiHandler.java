package dev.hubcrm.segments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.Map;

/**
 * segments-api: a hub's segments (rules, preview) and what the segment evaluator keeps of them:
 * members, as the customer list shows customers, and their emails for copy-paste.
 */
public final class SegmentsApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiPipeline api;

    public SegmentsApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public SegmentsApiHandler(AppContext app) {
        SegmentService segments = app.segments();
        api = app.pipeline(LambdaFunction.SEGMENTS_API, Map.of(
                "POST /v1/segments", request -> {
                    Segment created = segments.create(request.hubId(), SegmentJson.input(request.json(), true));
                    return Reply.created(SegmentJson.toJson(created), "/v1/segments/" + created.id());
                },
                "GET /v1/segments", request -> Reply.ok(SegmentJson.page(segments.list(request.hubId(), request.page()))),
                "POST /v1/segments/preview", request ->
                        Reply.ok(SegmentJson.toJson(segments.preview(request.hubId(), SegmentJson.previewRule(request.json())))),
                "GET /v1/segments/{id}", request ->
                        Reply.ok(SegmentJson.toJson(segments.get(request.hubId(), request.pathParameter("id")))),
                "PATCH /v1/segments/{id}", request -> Reply.ok(SegmentJson.toJson(segments.update(request.hubId(),
                        request.pathParameter("id"), SegmentJson.input(request.json(), false)))),
                "DELETE /v1/segments/{id}", request -> {
                    segments.delete(request.hubId(), request.pathParameter("id"));
                    return Reply.noContent();
                },
                "GET /v1/segments/{id}/members", request -> Reply.ok(CustomerJson.page(segments.members(request.hubId(),
                        request.pathParameter("id"), CustomerJson.listFilter(request), request.page()))),
                "GET /v1/segments/{id}/emails", request -> Reply.text("text/plain; charset=utf-8", SegmentJson.emailLines(
                        segments.emails(request.hubId(), request.pathParameter("id"), request.onlyFlag("all", "the email list"))))));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
