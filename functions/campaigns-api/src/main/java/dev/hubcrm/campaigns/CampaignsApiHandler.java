package dev.hubcrm.campaigns;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonMergePatch;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.Map;

/** campaigns-api: a hub's campaigns (drafts, templates, preview, test mail). */
public final class CampaignsApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String ONE = "/v1/campaigns/{id}";
    private final ApiPipeline api;

    public CampaignsApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public CampaignsApiHandler(AppContext app) {
        CampaignService campaigns = app.campaigns();
        api = app.pipeline(LambdaFunction.CAMPAIGNS_API, Map.ofEntries(
                Map.entry("POST /v1/campaigns", request -> {
                    Campaign created = campaigns.create(request.hubId(), CampaignJson.draft(request.json()));
                    return Reply.created(CampaignJson.toJson(created), "/v1/campaigns/" + created.id());
                }),
                Map.entry("GET /v1/campaigns", request -> Reply.ok(CampaignJson.page(campaigns.list(request.hubId(), request.page())))),
                Map.entry("GET " + ONE, request -> Reply.ok(CampaignJson.toJson(campaigns.get(request.hubId(), request.pathParameter("id"))))),
                Map.entry("PATCH " + ONE, request -> Reply.ok(CampaignJson.toJson(campaigns.update(request.hubId(),
                        request.pathParameter("id"), current -> CampaignJson.draft(
                                JsonMergePatch.apply(CampaignJson.writable(current), request.json())))))),
                Map.entry("DELETE " + ONE, request -> {
                    campaigns.delete(request.hubId(), request.pathParameter("id"));
                    return Reply.noContent();
                }),
                Map.entry("POST " + ONE + "/preview", request -> Reply.ok(CampaignJson.toJson(campaigns.preview(request.hubId(),
                        request.pathParameter("id"), CampaignJson.previewCustomer(request.json()))))),
                Map.entry("POST " + ONE + "/test", request -> Reply.json(202, Json.object().put("messageId", campaigns.test(
                        request.hubId(), request.pathParameter("id"), CampaignJson.testRecipient(request.json())))))));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
