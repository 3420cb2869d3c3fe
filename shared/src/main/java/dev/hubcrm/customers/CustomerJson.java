package dev.hubcrm.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.ApiRequest;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The JSON shape of customers in the API (adapter between HTTP bodies and the domain). */
public final class CustomerJson {
    private static final Set<String> LIST_PARAMETERS = Set.of("tag", "status", "type", "q", "segment", "balanceBelow", "limit",
            "cursor");
    private static final Set<String> WRITABLE = Set.of("type", "email", "phone", "firstName", "lastName",
            "companyName", "tags", "fields", "marketingConsent", "status", "statusPinned");

    private CustomerJson() {
    }

    /** A create body, or a customer after a merge patch, as a draft; a 422 names every bad field. */
    public static CustomerDraft draft(JsonNode body) {
        JsonInput input = JsonInput.of(body, WRITABLE);
        CustomerDraft draft = new CustomerDraft(input.choice("type", CustomerType::fromWire, "person, company"),
                input.string("email"), input.string("phone"), input.string("firstName"), input.string("lastName"),
                input.string("companyName"), input.strings("tags"), input.scalars("fields"),
                input.bool("marketingConsent", false), input.choice("status", CustomerStatus::fromWire, "lead, customer, vip"),
                input.bool("statusPinned", false));
        input.validate();
        return draft;
    }

    /**
     * The body of a bulk change: {@code ids}, or {@code segmentId} whose members {@code segmentMembers}
     * resolves (at the time of the request) to ids.
     */
    public static BulkChange bulkChange(JsonNode body, Function<String, List<String>> segmentMembers) {
        JsonInput input = JsonInput.of(body, Set.of("ids", "segmentId", "addTags", "removeTags", "status"));
        List<String> ids = input.strings("ids");
        String segmentId = input.string("segmentId");
        BulkChange change = new BulkChange(ids, input.strings("addTags"), input.strings("removeTags"),
                input.choice("status", CustomerStatus::fromWire, "lead, customer, vip"));
        input.validate();
        if (segmentId == null) {
            return change;
        }
        if (ids != null) {
            throw ValidationException.of("segmentId", "give ids or segmentId, not both");
        }
        return new BulkChange(segmentMembers.apply(segmentId), change.addTags(), change.removeTags(), change.status(), segmentId);
    }

    public static ObjectNode bulkResults(List<BulkResult> results) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("results");
        Map<BulkResult.Outcome, Integer> counts = new EnumMap<>(BulkResult.Outcome.class);
        for (BulkResult result : results) {
            ObjectNode item = items.addObject().put("id", result.id()).put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
            result.errors().forEach(error -> item.withArray("errors").addObject().put("field", error.field()).put("message", error.message()));
            counts.merge(result.outcome(), 1, Integer::sum);
        }
        for (BulkResult.Outcome outcome : BulkResult.Outcome.values()) {
            json.put(switch (outcome) {
                case UPDATED -> "updated";
                case NOT_FOUND -> "notFound";
                case INVALID -> "invalid";
                case CONFLICT -> "conflict";
                case FAILED -> "failed";
            }, counts.getOrDefault(outcome, 0));
        }
        return json;
    }

    /** The body of {@code POST /v1/customers/{id}/relations}. */
    public record RelationInput(Relation.Kind kind, String customerId) {
    }

    public static RelationInput relation(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("kind", "customerId"));
        RelationInput relation = new RelationInput(
                input.choice("kind", Relation.Kind::fromWire, "employee-of, referred-by, linked"), input.string("customerId"));
        input.validate();
        return relation;
    }

    public static ObjectNode toJson(Relation relation) {
        return Json.object().put("kind", relation.kind().wire()).put("customerId", relation.otherId())
                .put("direction", relation.direction().name().toLowerCase(Locale.ROOT))
                .put("createdAt", relation.createdAt().toString());
    }

    public static ObjectNode relations(Page<Relation> relations) {
        return Json.page(relations, CustomerJson::toJson);
    }

    /** The order fields of {@code POST /v1/customers/{id}/orders}; service-level rules check their values. */
    public record OrderInput(String orderRef, Long total, Instant placedAt) {
    }

    public static OrderInput order(JsonNode body) {
        JsonInput input = JsonInput.of(body, Set.of("orderRef", "total", "placedAt"));
        OrderInput order = new OrderInput(input.string("orderRef"), input.whole("total", Long.MIN_VALUE, Long.MAX_VALUE),
                input.instant("placedAt"));
        input.validate();
        return order;
    }

    public static ObjectNode toJson(CustomerService.OrderResult result) {
        ObjectNode json = toJson(result.order());
        json.set("customer", toJson(result.customer()));
        return json;
    }

    public static ObjectNode toJson(Order order) {
        return Json.object().put("customerId", order.customerId()).put("orderRef", order.orderRef())
                .put("total", order.total()).put("placedAt", order.placedAt().toString())
                .put("recordedAt", order.recordedAt().toString());
    }

    public static ObjectNode toJson(StatusChange change) {
        ObjectNode json = Json.object();
        if (change.from() != null) {
            json.put("from", change.from().wire());
        }
        return json.put("to", change.to().wire()).put("cause", change.cause()).put("at", change.at().toString());
    }

    /**
     * A merge patch as the domain reads it: a {@code status} in the patch is a decision by hand and
     * pins the status (also when it repeats the current one), unless the patch says otherwise.
     */
    public static JsonNode pinningStatus(JsonNode patch) {
        if (patch.isObject() && patch.hasNonNull("status") && !patch.has("statusPinned")) {
            return ((ObjectNode) patch.deepCopy()).put("statusPinned", true);
        }
        return patch;
    }

    /**
     * Whether a merge patch clears the customer's suppression ({@code "suppressed": null}); a hub
     * cannot set one (a 422): only the mail provider's bounces and complaints do.
     */
    public static boolean clearsSuppression(JsonNode patch) {
        JsonNode suppressed = patch.path("suppressed");
        if (!suppressed.isMissingNode() && !suppressed.isNull()) {
            throw ValidationException.of("suppressed", "is set by hard bounces and complaints only; null clears it");
        }
        return suppressed.isNull();
    }

    /** The filters of the customer list (and export) from the query string; unknown parameters are a 422. */
    public static CustomerFilter listFilter(ApiRequest request) {
        request.queryParameterNames().stream().filter(name -> !LIST_PARAMETERS.contains(name)).findFirst()
                .ifPresent(name -> {
                    throw ValidationException.of(name, "is not a filter of this list; use " + LIST_PARAMETERS);
                });
        CustomerFilter filter = CustomerFilter.of(request.queryParameters("tag"), request.queryParameter("status").orElse(null),
                request.queryParameter("type").orElse(null), request.queryParameter("q").orElse(null))
                .inSegment(request.queryParameter("segment").orElse(null));
        String balanceBelow = request.queryParameter("balanceBelow").orElse(null);
        if (balanceBelow == null) {
            return filter;
        }
        try {
            return filter.withBalanceBelow(Long.parseLong(balanceBelow));
        } catch (NumberFormatException e) {
            throw ValidationException.of("balanceBelow", "must be a whole amount in minor units, such as 1000");
        }
    }

    /** The writable part of a customer, the document a merge patch applies to. */
    public static ObjectNode writable(Customer customer) {
        ObjectNode json = Json.object();
        json.put("type", customer.type().wire());
        json.put("email", customer.email());
        json.put("phone", customer.phone());
        json.put("firstName", customer.firstName());
        json.put("lastName", customer.lastName());
        json.put("companyName", customer.companyName());
        customer.tags().forEach(json.putArray("tags")::add);
        ObjectNode fields = json.putObject("fields");
        customer.fields().forEach((name, value) -> fields.set(name, scalar(value)));
        json.put("marketingConsent", customer.marketingConsent());
        json.put("status", customer.status().wire());
        json.put("statusPinned", customer.statusPinned());
        json.properties().removeIf(field -> field.getValue().isNull());
        return json;
    }

    public static ObjectNode toJson(Customer customer) {
        ObjectNode json = Json.object();
        json.put("id", customer.id());
        json.setAll(writable(customer));
        json.withArray("tags");
        json.put("orderCount", customer.orderCount());
        json.put("totalSpent", customer.totalSpent());
        putInstant(json, "firstOrderAt", customer.firstOrderAt());
        putInstant(json, "lastOrderAt", customer.lastOrderAt());
        json.put("balance", customer.balance());
        putInstant(json, "lastTopUpAt", customer.lastTopUpAt());
        putInstant(json, "createdAt", customer.createdAt());
        putInstant(json, "updatedAt", customer.updatedAt());
        if (customer.suppressed() != null) {
            json.putObject("suppressed").put("reason", customer.suppressed().reason().wire())
                    .put("at", customer.suppressed().at().toString()).put("campaignId", customer.suppressed().campaignId());
        }
        return json;
    }

    public static ObjectNode page(Page<Customer> page) {
        return Json.page(page, CustomerJson::toJson);
    }

    /** The strong ETag of a customer version. */
    public static String etag(Customer customer) {
        return "\"" + customer.version() + "\"";
    }

    private static JsonNode scalar(Object value) {
        return switch (value) {
            case String text -> Json.MAPPER.getNodeFactory().textNode(text);
            case BigDecimal number -> Json.MAPPER.getNodeFactory().numberNode(number);
            case Boolean flag -> Json.MAPPER.getNodeFactory().booleanNode(flag);
            default -> throw new IllegalArgumentException("not a scalar: " + value.getClass());
        };
    }

    private static void putInstant(ObjectNode json, String name, Instant value) {
        if (value != null) {
            json.put(name, value.toString());
        }
    }
}
