package dev.hubcrm.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** The JSON shape of customers in the API (adapter between HTTP bodies and the domain). */
public final class CustomerJson {
    private static final Set<String> WRITABLE = Set.of("type", "email", "phone", "firstName", "lastName",
            "companyName", "tags", "fields", "marketingConsent");

    private CustomerJson() {
    }

    /** A create body, or a customer after a merge patch, as a draft; a 422 names every bad field. */
    public static CustomerDraft draft(JsonNode body) {
        JsonInput input = JsonInput.of(body, WRITABLE);
        CustomerDraft draft = new CustomerDraft(input.choice("type", CustomerType::fromWire, "person, company"),
                input.string("email"), input.string("phone"), input.string("firstName"), input.string("lastName"),
                input.string("companyName"), input.strings("tags"), input.scalars("fields"),
                input.bool("marketingConsent", false));
        input.validate();
        return draft;
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
        json.properties().removeIf(field -> field.getValue().isNull());
        return json;
    }

    public static ObjectNode toJson(Customer customer) {
        ObjectNode json = Json.object();
        json.put("id", customer.id());
        json.setAll(writable(customer));
        json.withArray("tags");
        json.put("status", customer.status().wire());
        json.put("statusPinned", customer.statusPinned());
        json.put("orderCount", customer.orderCount());
        json.put("totalSpent", customer.totalSpent());
        putInstant(json, "firstOrderAt", customer.firstOrderAt());
        putInstant(json, "lastOrderAt", customer.lastOrderAt());
        putInstant(json, "createdAt", customer.createdAt());
        putInstant(json, "updatedAt", customer.updatedAt());
        return json;
    }

    public static ObjectNode page(Page<Customer> page) {
        ObjectNode json = Json.object();
        page.items().forEach(customer -> json.withArray("items").add(toJson(customer)));
        json.withArray("items");
        json.put("nextCursor", page.nextCursor());
        return json;
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
