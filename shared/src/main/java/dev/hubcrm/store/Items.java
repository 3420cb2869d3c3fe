package dev.hubcrm.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing item attributes; absent and null attributes read as null. */
public final class Items {
    private Items() {
    }

    /** Fixed-width epoch milliseconds for sort keys: they compare as text, and ISO-8601 with varying fractions does not. */
    public static String sortableMillis(Instant at) {
        return String.format("%015d", Math.max(0, at.toEpochMilli()));
    }

    public static Map<String, AttributeValue> key(String partition, String sort) {
        return Map.of(TableDesign.PARTITION_KEY, s(partition), TableDesign.SORT_KEY, s(sort));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    /** A map of String, BigDecimal or Boolean values, as customer custom fields are. */
    public static AttributeValue scalars(Map<String, Object> values) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        values.forEach((name, value) -> map.put(name, switch (value) {
            case String text -> AttributeValue.fromS(text);
            case BigDecimal number -> AttributeValue.fromN(number.toPlainString());
            case Boolean flag -> AttributeValue.fromBool(flag);
            default -> throw new IllegalArgumentException("not a scalar: " + value.getClass());
        }));
        return AttributeValue.fromM(map);
    }

    /** Puts {@code value} under {@code name} unless it is null (DynamoDB has no use for empty attributes). */
    public static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    public static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    public static List<String> stringList(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    public static Map<String, Object> scalarMap(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            return Map.of();
        }
        Map<String, Object> result = new TreeMap<>();
        value.m().forEach((key, v) -> {
            if (v.s() != null) {
                result.put(key, v.s());
            } else if (v.n() != null) {
                result.put(key, new BigDecimal(v.n()));
            } else if (v.bool() != null) {
                result.put(key, v.bool());
            }
        });
        return result;
    }
}
