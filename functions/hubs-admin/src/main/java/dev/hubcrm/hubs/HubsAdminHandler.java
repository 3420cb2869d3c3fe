package dev.hubcrm.hubs;

import static java.util.Map.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.OpenApiDocument;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.Map;
import java.util.function.Function;

/** hubs-admin: health, the OpenAPI document, hubs (operator), the hub's settings, sender identity and API keys. */
public final class HubsAdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiPipeline api;

    public HubsAdminHandler() {
        this(AppContext.fromEnvironment());
    }

    public HubsAdminHandler(AppContext app) {
        HubService hubs = app.hubs();
        JsonNode openApi = OpenApiDocument.load();
        // The hub's inbound address (ADR 28) depends on the stack's inbound domain, not on what is stored.
        Function<Hub, ObjectNode> hubJson = hub -> {
            ObjectNode json = HubJson.toJson(hub);
            Json.putIfPresent(json, "inboundAddress", app.inboundAddress(hub.id()));
            return json;
        };
        api = app.pipeline(LambdaFunction.HUBS_ADMIN, Map.ofEntries(
                entry("GET /health", request -> Reply.ok(Json.object().put("status", "ok"))),
                entry("GET /openapi.json", request -> Reply.ok(openApi)),
                entry("POST /v1/hubs", request -> {
                    HubService.CreatedHub created = hubs.create(HubJson.newHub(request.json()));
                    return Reply.created(hubJson.apply(created.hub()).put("apiKey", created.key().secret()), "/v1/hub")
                            .withSecret();
                }),
                entry("PUT /v1/hubs/{id}/stripe-account", request -> Reply.ok(hubJson.apply(hubs.setStripeAccount(
                        request.pathParameter("id"), HubJson.stripeAccount(request.json()), request.operator())))),
                entry("GET /v1/hub", request -> Reply.ok(hubJson.apply(hubs.get(request.hubId())))),
                entry("PATCH /v1/hub", request -> {
                    JsonNode patch = request.json();
                    return Reply.ok(hubJson.apply(hubs.update(request.hubId(), settings -> HubJson.patched(settings, patch))));
                }),
                // SES is reached on first use: only the sender routes need it.
                entry("PUT /v1/hub/sender", request ->
                        Reply.ok(HubJson.toJson(app.senderIdentities().set(request.hubId(), HubJson.senderRequest(request.json()))))),
                entry("GET /v1/hub/sender", request -> Reply.ok(HubJson.toJson(app.senderIdentities().get(request.hubId())))),
                entry("GET /v1/hub/api-keys", request -> Reply.ok(HubJson.keys(hubs.listKeys(request.hubId(), request.page())))),
                entry("POST /v1/hub/api-keys", request -> {
                    String name = request.hasBody() ? HubJson.keyName(request.json()) : null;
                    IssuedKey issued = hubs.createKey(request.hubId(), name);
                    return Reply.created(HubJson.issued(issued), "/v1/hub/api-keys/" + issued.key().id()).withSecret();
                }),
                entry("GET /v1/hub/api-keys/{id}", request ->
                        Reply.ok(HubJson.toJson(hubs.getKey(request.hubId(), request.pathParameter("id"))))),
                entry("DELETE /v1/hub/api-keys/{id}", request -> {
                    hubs.revokeKey(request.hubId(), request.pathParameter("id"));
                    return Reply.noContent();
                })));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
