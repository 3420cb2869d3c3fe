package dev.hubcrm.segments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.campaigns.Campaign;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerStatus;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.customers.Engagements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the rule grammar of the design into a {@link SegmentRule}, or a {@link ValidationException}
 * naming every bad part by its JSON path ({@code rule.all[2].op}). Pure: the custom fields a hub
 * defines come in as a predicate.
 */
public final class SegmentRuleParser {
    public static final int MAX_DEPTH = 10;
    public static final int MAX_CONDITIONS = 100;
    /** Longest day count of {@code withinDays} / {@code olderThanDays}: a century. */
    static final long MAX_DAYS = 36_500;
    private static final int MAX_TEXT_LENGTH = 1000;
    private static final Set<String> CONDITION_KEYS = Set.of("field", "op", "value");
    private static final Set<String> ENGAGEMENT_KEYS = Set.of("event", "campaignId");

    private final Predicate<String> customFieldExists;
    private final List<FieldError> errors = new ArrayList<>();
    private int conditions;

    private SegmentRuleParser(Predicate<String> customFieldExists) {
        this.customFieldExists = customFieldExists;
    }

    /**
     * @param rule the JSON of the rule, under the field name {@code path}
     * @param customFieldExists whether the hub defines a custom field of that name
     */
    public static SegmentRule parse(JsonNode rule, String path, Predicate<String> customFieldExists) {
        SegmentRuleParser parser = new SegmentRuleParser(customFieldExists);
        SegmentRule parsed = rule == null || rule.isMissingNode() || rule.isNull()
                ? parser.error(path, "is required: {all|any: [...]}, {not: rule} or {field, op, value}")
                : parser.rule(rule, path, 1);
        if (parser.conditions > MAX_CONDITIONS) {
            parser.errors.add(new FieldError(path, "has " + parser.conditions + " conditions; at most " + MAX_CONDITIONS));
        }
        if (!parser.errors.isEmpty()) {
            throw new ValidationException(parser.errors);
        }
        return parsed;
    }

    private SegmentRule rule(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            return error(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (!node.isObject()) {
            return error(path, "must be an object: {all|any: [...]}, {not: rule} or {field, op, value}");
        }
        // Counts before walking: no rule object has more members than a condition, no list more rules than the cap.
        if (node.size() > CONDITION_KEYS.size()) {
            return error(path, "has " + node.size() + " members: {all|any: [...]}, {not: rule} or {field, op, value}");
        }
        if (node.has("all") || node.has("any")) {
            String combinator = node.has("all") ? "all" : "any";
            if (!onlyKeys(node, path, Set.of(combinator))) {
                return null;
            }
            JsonNode list = node.get(combinator);
            if (!list.isArray() || list.isEmpty() || list.size() > MAX_CONDITIONS) {
                return error(path + "." + combinator, "must be a non-empty array of at most " + MAX_CONDITIONS + " rules");
            }
            List<SegmentRule> rules = new ArrayList<>();
            for (int i = 0; i < list.size() && conditions <= MAX_CONDITIONS; i++) {
                rules.add(rule(list.get(i), path + "." + combinator + "[" + i + "]", depth + 1));
            }
            return combinator.equals("all") ? new SegmentRule.All(rules) : new SegmentRule.Any(rules);
        }
        if (node.has("not")) {
            return onlyKeys(node, path, Set.of("not")) ? new SegmentRule.Not(rule(node.get("not"), path + ".not", depth + 1)) : null;
        }
        if (node.has("field") || node.has("op")) {
            return condition(node, path);
        }
        return error(path, "must be {all|any: [...]}, {not: rule} or {field, op, value}");
    }

    private SegmentRule condition(JsonNode node, String path) {
        conditions++;
        if (!onlyKeys(node, path, CONDITION_KEYS)) {
            return null;
        }
        JsonNode fieldNode = node.path("field");
        SegmentField field = SegmentField.fromWire(fieldNode.isTextual() ? fieldNode.asText() : null);
        if (field == null) {
            return error(path + ".field", "unknown field " + quote(fieldNode) + "; fields are " + SegmentField.wireNames());
        }
        if (field.kind() == SegmentField.Kind.CUSTOM && !customFieldExists.test(field.name())) {
            return error(path + ".field", "unknown custom field '" + field.name() + "': the hub defines no such field");
        }
        JsonNode opNode = node.path("op");
        SegmentOp op = SegmentOp.fromWire(opNode.isTextual() ? opNode.asText() : null);
        if (op == null) {
            return error(path + ".op", "unknown op " + quote(opNode) + "; ops are " + SegmentOp.wireNames());
        }
        if (!field.valueType().ops().contains(op)) {
            return error(path + ".op", "'" + op.wire() + "' does not apply to " + field.wire() + "; it takes "
                    + field.valueType().ops().stream().map(SegmentOp::wire).toList());
        }
        Object value = value(field, op, node.get("value"), path + ".value");
        return value == null ? null : new SegmentRule.Condition(field, op, value);
    }

    private Object value(SegmentField field, SegmentOp op, JsonNode value, String path) {
        if (op == SegmentOp.EXISTS) {
            if (value == null) {
                return Boolean.TRUE;
            }
            return value.isBoolean() ? value.booleanValue() : fail(path, "must be true or false (or left out: true)");
        }
        if (value == null || value.isNull()) {
            return fail(path, "is required for '" + op.wire() + "'");
        }
        if (op.relativeTime()) {
            return value.canConvertToLong() && value.isIntegralNumber() && value.longValue() >= 1 && value.longValue() <= MAX_DAYS
                    ? (Object) value.longValue() : fail(path, "must be a whole number of days, 1 to " + MAX_DAYS);
        }
        return switch (field.valueType()) {
            case TAGS -> tag(value, path);
            case CHOICE -> choice(field, value, path);
            case TEXT -> text(value, path);
            case NUMBER -> value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue()
                    : fail(path, "must be a whole number (money in minor units)");
            case TIME -> {
                Instant at = value.isTextual() ? SegmentValues.parseTime(value.asText()) : null;
                yield at != null ? at : fail(path, "must be an ISO-8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z");
            }
            case ANY -> custom(op, value, path);
            case ENGAGEMENT -> engagement(value, path);
        };
    }

    private Object tag(JsonNode value, String path) {
        String raw = value.isTextual() ? value.asText().strip() : null;
        String tag = raw == null ? null : CustomerRules.normalizeTag(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
        return tag != null ? tag : fail(path, "must be a tag or a tag path such as wholesale/restaurants");
    }

    private Object choice(SegmentField field, JsonNode value, String path) {
        String text = value.isTextual() ? value.asText() : null;
        if (field.kind() == SegmentField.Kind.STATUS) {
            return text != null && CustomerStatus.fromWire(text) != null ? text : fail(path, "must be one of lead, customer, vip");
        }
        return text != null && CustomerType.fromWire(text) != null ? text : fail(path, "must be one of person, company");
    }

    private Object text(JsonNode value, String path) {
        return value.isTextual() && !value.asText().isEmpty() && value.asText().length() <= MAX_TEXT_LENGTH
                ? value.asText() : fail(path, "must be a text of 1 to " + MAX_TEXT_LENGTH + " characters");
    }

    private Object custom(SegmentOp op, JsonNode value, String path) {
        return switch (op) {
            case CONTAINS, NOT_CONTAINS, PREFIX -> text(value, path);
            case EQ, NE -> value.isTextual() ? text(value, path)
                    : value.isNumber() ? value.decimalValue()
                    : value.isBoolean() ? (Object) value.booleanValue()
                    : fail(path, "must be a text, a number or true/false");
            default -> value.isNumber() ? (Object) value.decimalValue()
                    : value.isTextual() ? text(value, path)
                    : fail(path, "must be a number, a date or a text");
        };
    }

    private Object engagement(JsonNode value, String path) {
        if (value.size() > ENGAGEMENT_KEYS.size()) {
            return fail(path, "must be {event, campaignId?}");
        }
        if (!value.isObject() || !onlyKeys(value, path, ENGAGEMENT_KEYS)) {
            return value.isObject() ? null : fail(path, "must be {event, campaignId?}");
        }
        JsonNode event = value.path("event");
        if (!event.isTextual() || !Engagements.EVENTS.contains(event.asText())) {
            return fail(path + ".event", "unknown event " + quote(event) + "; events are " + String.join(", ", Engagements.EVENTS));
        }
        JsonNode campaign = value.path("campaignId");
        if (!campaign.isMissingNode() && !(campaign.isTextual() && Ids.looksLike(Campaign.ID_PREFIX, campaign.asText()))) {
            return fail(path + ".campaignId", "bad campaign id " + quote(campaign) + ": a campaign's id (cmp_...), or left out for any campaign");
        }
        return new Engagement(campaign.isMissingNode() ? null : campaign.asText(), event.asText());
    }

    private boolean onlyKeys(JsonNode node, String path, Set<String> allowed) {
        boolean clean = true;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(path + "." + name, "is not part of this rule; expected " + allowed));
                clean = false;
            }
        }
        return clean;
    }

    private SegmentRule error(String path, String message) {
        errors.add(new FieldError(path, message));
        return null;
    }

    private Object fail(String path, String message) {
        errors.add(new FieldError(path, message));
        return null;
    }

    private static String quote(JsonNode node) {
        String text = node.isMissingNode() ? "(none)" : node.isTextual() ? node.asText() : node.toString();
        return "'" + Text.cut(text, 64) + "'";
    }
}
