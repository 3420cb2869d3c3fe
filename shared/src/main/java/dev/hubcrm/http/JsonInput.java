package dev.hubcrm.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the fields of a JSON object body, collecting every type error and unknown field so that
 * one 422 names them all. Absent and null fields read as null.
 */
public final class JsonInput {
    /** Longer than any ISO-8601 time with an offset: refused before the parser reads it. */
    private static final int MAX_TIME_LENGTH = 64;
    private final JsonNode body;
    private final String prefix;
    private final List<FieldError> errors;

    private JsonInput(JsonNode body, String prefix, List<FieldError> errors) {
        this.body = body;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Starts reading {@code body}, which must be an object holding only {@code allowed} fields. */
    public static JsonInput of(JsonNode body, Set<String> allowed) {
        if (!body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        JsonInput input = new JsonInput(body, "", new ArrayList<>());
        input.rejectUnknown(allowed);
        return input;
    }

    /** Whether the body names the field at all (also as null): merge patches tell "absent" from "null". */
    public boolean has(String name) {
        return body.has(name);
    }

    /** A nested object holding only {@code allowed} fields, read with the same error list; null when absent. */
    public JsonInput object(String name, Set<String> allowed) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            error(name, "must be an object");
            return null;
        }
        JsonInput nested = new JsonInput(value, path(name) + ".", errors);
        nested.rejectUnknown(allowed);
        return nested;
    }

    /** An array of objects, each holding only {@code allowed} fields; null when absent. */
    public List<JsonInput> objects(String name, Set<String> allowed) {
        return array(name, "an object", JsonNode::isObject, (item, i) -> {
            JsonInput nested = new JsonInput(item, path(name) + "[" + i + "].", errors);
            nested.rejectUnknown(allowed);
            return nested;
        });
    }

    /** An ISO-8601 time with an offset ({@code 2026-11-23T10:15:00Z}); null when absent or not one. */
    public Instant instant(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() <= MAX_TIME_LENGTH) {
                return OffsetDateTime.parse(value).toInstant();
            }
        } catch (DateTimeParseException e) {
            // answered below, like a time too long to be one
        }
        error(name, "must be an ISO-8601 time with an offset, such as 2026-11-23T10:15:00Z");
        return null;
    }

    /** A whole number; null when absent. */
    public Long whole(String name, long min, long max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            error(name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return value.longValue();
    }

    private void rejectUnknown(Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(name, "is not a field of this request (or is read-only)");
            }
        }
    }

    private String path(String name) {
        return prefix + name;
    }

    private void error(String name, String message) {
        errors.add(new FieldError(path(name), message));
    }

    public String string(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            error(name, "must be a string");
            return null;
        }
        return value.textValue();
    }

    /** A string that must be one of a fixed set: {@code parse} answers null for anything else. */
    public <T> T choice(String name, Function<String, T> parse, String allowed) {
        String value = string(name);
        T parsed = value == null ? null : parse.apply(value);
        if (value != null && parsed == null) {
            error(name, "must be one of " + allowed);
        }
        return parsed;
    }

    public boolean bool(String name, boolean absent) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            error(name, "must be true or false");
            return absent;
        }
        return value.booleanValue();
    }

    public List<String> strings(String name) {
        return array(name, "a string", JsonNode::isTextual, (item, i) -> item.textValue());
    }

    /** The items of an array that are {@code kind}; each other item and a non-array are errors. Null when absent. */
    private <T> List<T> array(String name, String kind, Predicate<JsonNode> fits, BiFunction<JsonNode, Integer, T> read) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            error(name, "must be an array of " + kind.substring(kind.indexOf(' ') + 1) + "s");
            return null;
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (fits.test(value.get(i))) {
                items.add(read.apply(value.get(i), i));
            } else {
                error(name + "[" + i + "]", "must be " + kind);
            }
        }
        return items;
    }

    /** An object of strings, numbers and booleans (as String, BigDecimal, Boolean). */
    public Map<String, Object> scalars(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            error(name, "must be an object");
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> {
            JsonNode v = field.getValue();
            if (v.isTextual()) {
                result.put(field.getKey(), v.textValue());
            } else if (v.isNumber()) {
                result.put(field.getKey(), v.decimalValue());
            } else if (v.isBoolean()) {
                result.put(field.getKey(), v.booleanValue());
            } else if (!v.isNull()) {
                error(name + "." + field.getKey(), "must be a string, a number or a boolean");
            }
        });
        return result;
    }

    /** Throws the collected errors, if any; call after reading every field. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
