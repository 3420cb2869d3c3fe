package dev.hubcrm.wallet;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiException;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.OwnedOperation;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** wallet-api: a customer's wallet, its ledger, the moves of money the hub and the shop make, and the customer's portal. */
public final class WalletApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String BASE = "/v1/customers/{id}/wallet";
    private static final String PORTAL = "/portal/";
    private final ApiPipeline api;

    public WalletApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public WalletApiHandler(AppContext app) {
        WalletService wallets = app.wallet();
        api = app.pipeline(LambdaFunction.WALLET_API, Map.ofEntries(
                Map.entry("GET " + BASE, request -> Reply.ok(WalletJson.toJson(wallets.wallet(request.hubId(), request.pathParameter("id"))))),
                Map.entry("GET " + BASE + "/transactions", request -> Reply.ok(WalletJson.page(
                        wallets.transactions(request.hubId(), request.pathParameter("id"), request.page())))),
                Map.entry("POST " + BASE + "/charges", request -> {
                    WalletJson.ChargeInput input = WalletJson.charge(request.json());
                    WalletService.ChargeResult result = refusedAs402(request.pathParameter("id"), () ->
                            wallets.charge(request.hubId(), request.pathParameter("id"), input.amount(), input.orderRef()));
                    return Reply.json(result.firstTime() ? 201 : 200, WalletJson.toJson(result.charge()))
                            .withHeader("Location", entryLocation(result.charge()));
                }),
                Map.entry("POST " + BASE + "/refunds", request -> {
                    WalletJson.RefundInput input = WalletJson.refund(request.json());
                    LedgerEntry refund = wallets.refund(request.hubId(), request.pathParameter("id"), input.chargeId(),
                            input.amount(), input.reason());
                    return Reply.created(WalletJson.toJson(refund), entryLocation(refund));
                }),
                Map.entry("POST " + BASE + "/adjustments", request -> {
                    WalletJson.AmountInput input = WalletJson.adjustment(request.json());
                    LedgerEntry adjustment = refusedAs402(request.pathParameter("id"), () ->
                            wallets.adjust(request.hubId(), request.pathParameter("id"), input.amount(), input.reason()));
                    return Reply.created(WalletJson.toJson(adjustment), entryLocation(adjustment));
                }),
                Map.entry("POST " + BASE + "/top-ups", request -> {
                    TopUp topUp = wallets.startTopUp(request.hubId(), request.pathParameter("id"), WalletJson.topUpAmount(request.json()));
                    return Reply.created(WalletJson.toJson(topUp), topUp.checkoutUrl());
                }),
                Map.entry("POST /v1/customers/{id}/portal-link", request -> {
                    WalletService.PortalLink link = wallets.portalLink(request.hubId(), request.pathParameter("id"));
                    String url = link.url();
                    return Reply.created(Json.object().put("url", url).put("expiresAt", link.expiresAt().toString()), url);
                }),
                Map.entry("DELETE /v1/customers/{id}/portal-link", request -> {
                    wallets.revokePortalLinks(request.hubId(), request.pathParameter("id"));
                    return Reply.noContent();
                }),
                Map.entry("GET " + PORTAL + "{token}", request -> {
                    WalletService.PortalView view = wallets.portal(request.pathParameter("token"));
                    return request.header("Accept").filter(accept -> accept.contains("text/html")).isPresent()
                            ? Reply.text("text/html; charset=utf-8", PortalPage.html(view, PORTAL + request.pathParameter("token") + "/top-ups"))
                            : Reply.ok(WalletJson.toJson(view));
                }),
                Map.entry("POST " + PORTAL + "{token}/top-ups", new OwnedOperation(request -> {
                    PortalLinks.Portal portal = wallets.validPortal(request.pathParameter("token"));
                    return new OwnedOperation.Owner(portal.hubId(), portal.customerId());
                }, request -> {
                    // The portal page's form posts the amount as a form; shops may post JSON.
                    boolean form = request.header("Content-Type").filter(type -> type.startsWith("application/x-www-form-urlencoded")).isPresent();
                    TopUp topUp = wallets.portalTopUp(request.pathParameter("token"),
                            form ? WalletJson.formAmount(request.body()) : WalletJson.topUpAmount(request.json()));
                    return form ? new Reply(303, null, null, Map.of("Location", topUp.checkoutUrl()), false)
                            : Reply.created(WalletJson.toJson(topUp), topUp.checkoutUrl());
                }))));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPResponse response = api.handle(event, context);
        if (event.getRouteKey() != null && event.getRouteKey().contains(" " + PORTAL)) {
            // every answer of the portal, its problems too: a page behind a secret link, kept out of caches and frames
            Map<String, String> headers = new LinkedHashMap<>(response.getHeaders());
            headers.putAll(PortalPage.HEADERS);
            response.setHeaders(headers);
        }
        return response;
    }

    /** Ledger entries have no route of their own: they are listed in the wallet's transactions. */
    private static String entryLocation(LedgerEntry entry) {
        return "/v1/customers/" + entry.customerId() + "/wallet/transactions";
    }

    /**
     * A debit below the floor as the 402 problem the shop acts on; when no checkout could be opened
     * ({@code topUpUrl} null), {@code retryTopUp} says how to start the top-up later.
     */
    private static <T> T refusedAs402(String customerId, Supplier<T> debit) {
        try {
            return debit.get();
        } catch (InsufficientFundsException e) {
            Map<String, Object> extensions = new LinkedHashMap<>(Map.of(
                    "balance", e.balance(), "shortfall", e.shortfall(), "creditOnly", e.creditOnly()));
            extensions.put("topUpUrl", e.topUpUrl());
            if (e.topUpUrl() == null) {
                extensions.put("retryTopUp", Map.of("method", "POST", "path", BASE.replace("{id}", customerId) + "/top-ups",
                        "body", Map.of("amount", e.suggestedTopUp())));
            }
            throw ApiException.withExtensions(402, "Insufficient funds", e.getMessage(), extensions);
        }
    }
}
