package dev.hubcrm.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.Set;

/** The JSON shape of wallets, ledger entries and top-ups in the API. */
public final class WalletJson {
    private WalletJson() {
    }

    public record ChargeInput(Long amount, String orderRef) {
    }

    public record RefundInput(String chargeId, Long amount, String reason) {
    }

    /** An adjustment, also the shape of a top-up request (amount only). */
    public record AmountInput(Long amount, String reason) {
    }

    public static ChargeInput charge(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("amount", "orderRef"));
        ChargeInput charge = new ChargeInput(input.whole("amount", Long.MIN_VALUE, Long.MAX_VALUE), input.string("orderRef"));
        input.validate();
        return charge;
    }

    public static RefundInput refund(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("chargeId", "amount", "reason"));
        RefundInput refund = new RefundInput(input.string("chargeId"), input.whole("amount", Long.MIN_VALUE, Long.MAX_VALUE),
                input.string("reason"));
        input.validate();
        return refund;
    }

    public static AmountInput adjustment(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("amount", "reason"));
        AmountInput adjustment = new AmountInput(input.whole("amount", Long.MIN_VALUE, Long.MAX_VALUE), input.string("reason"));
        input.validate();
        return adjustment;
    }

    public static Long topUpAmount(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("amount"));
        Long amount = input.whole("amount", Long.MIN_VALUE, Long.MAX_VALUE);
        input.validate();
        return amount;
    }

    /** The amount of a top-up form ({@code amount=2000}, application/x-www-form-urlencoded) from the portal page. */
    public static Long formAmount(String body) {
        for (String pair : body == null ? new String[0] : body.split("&")) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue.length == 2 && nameValue[0].equals("amount")) {
                try {
                    return Long.parseLong(java.net.URLDecoder.decode(nameValue[1], java.nio.charset.StandardCharsets.UTF_8).strip());
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        throw dev.hubcrm.common.ValidationException.of("amount", "is required: a whole amount in minor units");
    }

    public static ObjectNode toJson(WalletService.PortalView view) {
        ObjectNode json = Json.object().put("hubName", view.hubName());
        json.set("wallet", toJson(view.wallet()));
        ArrayNode transactions = json.putArray("transactions");
        view.entries().forEach(entry -> transactions.add(toJson(entry)));
        return json;
    }

    public static ObjectNode toJson(Wallet wallet) {
        return Json.object().put("customerId", wallet.customerId()).put("balance", wallet.balance())
                .put("currency", wallet.currency()).put("floor", wallet.floor()).put("creditOnly", wallet.creditOnly());
    }

    public static ObjectNode toJson(LedgerEntry entry) {
        ObjectNode json = Json.object().put("id", entry.id()).put("customerId", entry.customerId())
                .put("type", entry.type().wire()).put("amount", entry.amount()).put("actor", entry.actor());
        Json.putIfPresent(json, "reason", entry.reason());
        Json.putIfPresent(json, "orderRef", entry.orderRef());
        Json.putIfPresent(json, "chargeId", entry.chargeId());
        Json.putIfPresent(json, "topUpId", entry.topUpId());
        return json.put("createdAt", entry.createdAt().toString());
    }

    public static ObjectNode page(Page<LedgerEntry> page) {
        return Json.page(page, WalletJson::toJson);
    }

    public static ObjectNode toJson(TopUp topUp) {
        ObjectNode json = Json.object().put("id", topUp.id()).put("customerId", topUp.customerId())
                .put("amount", topUp.amount()).put("currency", topUp.currency()).put("status", topUp.status().wire())
                .put("checkoutUrl", topUp.checkoutUrl());
        return json.put("createdAt", topUp.createdAt().toString());
    }
}
