package dev.hubcrm.hubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import dev.hubcrm.http.JsonMergePatch;
import java.util.List;
import java.util.Set;

/** The JSON shape of hubs and API keys in the API. */
public final class HubJson {
    /** The largest amount of money the API takes, in minor units (10 billion in major units). */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;

    private HubJson() {
    }

    /** The {@code stripeAccountId} of the operator's {@code PUT /v1/hubs/{id}/stripe-account}: required, null for the platform's. */
    public static String stripeAccount(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("stripeAccountId"));
        if (!input.has("stripeAccountId")) {
            throw ValidationException.of("stripeAccountId", "is required: the hub's connected account (acct_...), or null for the platform's");
        }
        String account = input.string("stripeAccountId");
        input.validate();
        return account;
    }

    public static NewHub newHub(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("name", "currency", "timezone"));
        NewHub hub = new NewHub(input.string("name"), input.string("currency"), input.string("timezone"));
        input.validate();
        return hub;
    }

    /** The settings a hub may change, the document {@code PATCH /v1/hub} merges into. */
    private static ObjectNode settings(HubSettings settings) {
        ObjectNode json = Json.object();
        json.put("name", settings.name());
        json.put("timezone", settings.timezone());
        if (settings.senderEmail() != null) {
            json.put("senderEmail", settings.senderEmail());
        }
        StatusRules rules = settings.statusRules();
        ObjectNode statusRules = json.putObject("statusRules");
        statusRules.putObject("leadToCustomer").put("enabled", rules.leadToCustomer());
        ObjectNode vip = statusRules.putObject("vip").put("enabled", rules.vip().enabled());
        putIfPresent(vip, "minTotalSpent", rules.vip().minTotalSpent());
        putIfPresent(vip, "minOrderCount", rules.vip().minOrderCount() == null ? null : (long) rules.vip().minOrderCount());
        putIfPresent(vip, "withinDays", rules.vip().withinDays() == null ? null : (long) rules.vip().withinDays());
        WalletSettings wallet = settings.wallet();
        ObjectNode walletJson = json.putObject("wallet").put("floor", wallet.floor()).put("creditOnly", wallet.creditOnly());
        // null stays in the answer (put writes a JSON null): the setting is off, and a merge patch can set it
        walletJson.put("lowBalanceThreshold", wallet.lowBalanceThreshold()).put("reminderEveryDays", wallet.reminderEveryDays())
                .put("topUpReturnUrl", wallet.topUpReturnUrl());
        ArrayNode fields = json.putArray("fields");
        for (FieldDefinition field : settings.fields()) {
            ObjectNode definition = fields.addObject().put("name", field.name()).put("type", field.type().wire());
            if (field.choices() != null && !field.choices().isEmpty()) {
                field.choices().forEach(definition.putArray("choices")::add);
            }
            definition.put("required", field.required());
        }
        ArrayNode engagementRules = json.putArray("engagementRules");
        for (EngagementRule rule : settings.engagementRules()) {
            ObjectNode ruleJson = engagementRules.addObject().put("event", rule.event());
            if (rule.campaignId() != null) {
                ruleJson.put("campaignId", rule.campaignId());
            }
            ruleJson.put("addTag", rule.addTag());
        }
        return json;
    }

    /**
     * The settings after the hub's merge patch ({@code PATCH /v1/hub}). A patch naming
     * {@code wallet.stripeAccountId}, even as null, is refused: where the money goes is the operator's.
     */
    public static HubSettings patched(HubSettings current, JsonNode patch) {
        if (patch.path("wallet").has("stripeAccountId")) {
            throw ValidationException.of("wallet.stripeAccountId", "is set by the operator only (PUT /v1/hubs/{id}/stripe-account):"
                    + " it decides where customers' money goes");
        }
        return settings(JsonMergePatch.apply(settings(current), patch));
    }

    private static HubSettings settings(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("name", "timezone", "senderEmail", "statusRules", "fields", "wallet",
                "engagementRules"));
        HubSettings settings = new HubSettings(input.string("name"), input.string("timezone"), input.string("senderEmail"),
                statusRules(input.object("statusRules", Set.of("leadToCustomer", "vip"))), fields(input),
                wallet(input.object("wallet", Set.of("floor", "creditOnly", "lowBalanceThreshold", "reminderEveryDays", "topUpReturnUrl"))),
                engagementRules(input));
        input.validate();
        return settings;
    }

    private static StatusRules statusRules(JsonInput rules) {
        if (rules == null) {
            return null;
        }
        JsonInput lead = rules.object("leadToCustomer", Set.of("enabled"));
        JsonInput vip = rules.object("vip", Set.of("enabled", "minTotalSpent", "minOrderCount", "withinDays"));
        StatusRules.VipRule vipRule = vip == null ? StatusRules.VipRule.OFF : new StatusRules.VipRule(
                vip.bool("enabled", false), vip.whole("minTotalSpent", 1, MAX_AMOUNT),
                toInt(vip.whole("minOrderCount", 1, 1_000_000)), toInt(vip.whole("withinDays", 1, 3660)));
        return new StatusRules(lead == null || lead.bool("enabled", true), vipRule);
    }

    private static WalletSettings wallet(JsonInput wallet) {
        if (wallet == null) {
            return null;
        }
        Long floor = wallet.whole("floor", -MAX_AMOUNT, 0);
        Long every = wallet.whole("reminderEveryDays", 1, 365);
        return new WalletSettings(floor == null ? 0 : floor, wallet.bool("creditOnly", false),
                wallet.whole("lowBalanceThreshold", -MAX_AMOUNT, MAX_AMOUNT),
                every == null ? WalletSettings.DEFAULT_REMINDER_EVERY_DAYS : every.intValue(), null, wallet.string("topUpReturnUrl"));
    }

    private static List<FieldDefinition> fields(JsonInput input) {
        List<JsonInput> definitions = input.objects("fields", Set.of("name", "type", "choices", "required"));
        if (definitions == null) {
            return null;
        }
        return definitions.stream().map(field -> new FieldDefinition(field.string("name"),
                field.choice("type", FieldDefinition.Type::fromWire, "text, number, date, boolean, choice"),
                field.strings("choices"), field.bool("required", false))).toList();
    }

    private static List<EngagementRule> engagementRules(JsonInput input) {
        List<JsonInput> rules = input.objects("engagementRules", Set.of("event", "campaignId", "addTag"));
        return rules == null ? null
                : rules.stream().map(rule -> new EngagementRule(rule.string("event"), rule.string("campaignId"), rule.string("addTag"))).toList();
    }

    private static Integer toInt(Long value) {
        return value == null ? null : value.intValue();
    }

    private static void putIfPresent(ObjectNode json, String name, Long value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    /** The optional {@code {name}} of a new key; an empty body is fine. */
    public static String keyName(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("name"));
        String name = input.string("name");
        input.validate();
        return name;
    }

    public static ObjectNode toJson(Hub hub) {
        ObjectNode json = Json.object();
        json.put("id", hub.id());
        json.put("name", hub.name());
        json.put("currency", hub.currency());
        json.setAll(settings(hub.settings()));
        // the operator's, shown to the hub read-only: where its customers' money goes, set when and by whom
        OperatorChange set = hub.stripeAccountSet();
        ((ObjectNode) json.get("wallet")).put("stripeAccountId", hub.wallet().stripeAccountId())
                .put("stripeAccountSetAt", set == null ? null : set.at().toString()).put("stripeAccountSetBy", set == null ? null : set.by());
        json.put("createdAt", hub.createdAt().toString());
        json.put("updatedAt", hub.updatedAt().toString());
        return json;
    }

    /** The body of {@code PUT /v1/hub/sender}: {@code {email}} or {@code {domain}}. */
    public static SenderIdentityService.Request senderRequest(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("email", "domain"));
        SenderIdentityService.Request request = new SenderIdentityService.Request(input.string("email"), input.string("domain"));
        input.validate();
        return request;
    }

    /** SES's host for DKIM: each token is published as {@code <token>._domainkey.<domain>} CNAME {@code <token>.dkim.amazonses.com}. */
    static final String DKIM_HOST = ".dkim.amazonses.com";

    /** The hub's sender identity with the DNS records that verify it and sign its mail. */
    public static ObjectNode toJson(SenderIdentity sender) {
        ObjectNode json = Json.object();
        json.put(sender.kind().wire(), sender.name());
        json.put("status", sender.status().wire());
        json.put("statusChangedAt", sender.statusChangedAt().toString());
        ArrayNode records = json.putArray("dkimRecords");
        for (String token : sender.dkimTokens()) {
            records.addObject().put("type", "CNAME").put("name", token + "._domainkey." + sender.domain()).put("value", token + DKIM_HOST);
        }
        return json;
    }

    /** A key without its secret, as listed. */
    public static ObjectNode toJson(ApiKey key) {
        ObjectNode json = Json.object();
        json.put("id", key.id());
        if (key.name() != null) {
            json.put("name", key.name());
        }
        json.put("createdAt", key.createdAt().toString());
        if (key.revokedAt() != null) {
            json.put("revokedAt", key.revokedAt().toString());
        }
        return json;
    }

    /** A key just issued: the only answer that ever carries the secret. */
    public static ObjectNode issued(IssuedKey issued) {
        return toJson(issued.key()).put("apiKey", issued.secret());
    }

    /** All of a hub's keys, as one last page. */
    public static ObjectNode keys(Page<ApiKey> keys) {
        return Json.page(keys, HubJson::toJson);
    }
}
