package dev.hubcrm.customers;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.hubs.FieldDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Customer {@code fields} against the hub's field definitions. Pure. Only values that change are
 * checked against their definition, so a hub that later tightens a definition does not lock its
 * existing customers out of unrelated edits; required fields must always be present.
 */
public final class CustomFieldRules {
    private static final int MAX_DATE_LENGTH = 16;
    private CustomFieldRules() {
    }

    /** The errors of {@code fields} (previously {@code before}, empty for a new customer). */
    public static List<FieldError> check(Map<String, Object> fields, Map<String, Object> before, List<FieldDefinition> definitions) {
        List<FieldError> errors = new ArrayList<>();
        if (definitions.isEmpty()) {
            return errors;
        }
        fields.forEach((name, value) -> {
            if (Objects.equals(before.get(name), value)) {
                return;
            }
            FieldDefinition definition = definitions.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
            if (definition == null) {
                errors.add(new FieldError("fields." + name, "is not a field of this hub; define it in PATCH /v1/hub fields"));
            } else if (!fits(definition, value)) {
                errors.add(new FieldError("fields." + name, expectation(definition)));
            }
        });
        for (FieldDefinition definition : definitions) {
            if (definition.required() && !fields.containsKey(definition.name())) {
                errors.add(new FieldError("fields." + definition.name(), "is required by this hub"));
            }
        }
        return errors;
    }

    private static boolean fits(FieldDefinition definition, Object value) {
        return switch (definition.type()) {
            case TEXT -> value instanceof String;
            case NUMBER -> value instanceof BigDecimal;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof String text && isDate(text);
            case CHOICE -> value instanceof String text && definition.choices().contains(text);
        };
    }

    private static boolean isDate(String text) {
        // YYYY-MM-DD, or a signed year of up to 9 digits: anything longer is not read.
        if (text.length() > MAX_DATE_LENGTH) {
            return false;
        }
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String expectation(FieldDefinition definition) {
        return switch (definition.type()) {
            case TEXT -> "must be text";
            case NUMBER -> "must be a number";
            case BOOLEAN -> "must be true or false";
            case DATE -> "must be a date such as 2026-11-23";
            case CHOICE -> "must be one of " + definition.choices();
        };
    }
}
