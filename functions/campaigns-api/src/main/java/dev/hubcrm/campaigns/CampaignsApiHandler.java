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

/**
 * campaigns-api: a hub's campaigns (drafts, templates, preview, test mail), starting a send, who got
 * what, scheduling and cancelling, and the public one-click unsubscribe ({@code /u/{token}}: the signed token is the authentication).
 */
public final class CampaignsApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String ONE = "/v1/campaigns/{id}";
    private static final String UNSUBSCRIBE = UnsubscribeLinks.PATH + "{token}";
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
                        request.hubId(), request.pathParameter("id"), CampaignJson.testRecipient(request.json()))))),
                Map.entry("POST " + ONE + "/send", request ->
                        Reply.json(202, CampaignJson.toJson(campaigns.send(request.hubId(), request.pathParameter("id"))))),
                Map.entry("POST " + ONE + "/schedule", request -> Reply.ok(CampaignJson.toJson(campaigns.schedule(request.hubId(),
                        request.pathParameter("id"), CampaignJson.scheduleAt(request.json()))))),
                Map.entry("POST " + ONE + "/cancel", request ->
                        Reply.ok(CampaignJson.toJson(campaigns.cancel(request.hubId(), request.pathParameter("id"))))),
                Map.entry("GET " + ONE + "/recipients", request -> Reply.ok(CampaignJson.recipientPage(campaigns.recipients(
                        request.hubId(), request.pathParameter("id"), CampaignJson.recipientStatus(request), request.page())))),
                Map.entry("GET " + UNSUBSCRIBE, request -> page(UnsubscribePage.confirm(campaigns.unsubscribePage(
                        request.pathParameter("token")), UnsubscribeLinks.PATH + request.pathParameter("token")))),
                // RFC 8058: the mail client posts List-Unsubscribe=One-Click; the page's button posts the same.
                Map.entry("POST " + UNSUBSCRIBE, request -> page(UnsubscribePage.done(campaigns.unsubscribe(request.pathParameter("token")))))));
    }

    private static Reply page(String html) {
        Reply reply = Reply.text(UnsubscribePage.CONTENT_TYPE, html);
        for (Map.Entry<String, String> header : UnsubscribePage.HEADERS.entrySet()) {
            reply = reply.withHeader(header.getKey(), header.getValue());
        }
        return reply;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
