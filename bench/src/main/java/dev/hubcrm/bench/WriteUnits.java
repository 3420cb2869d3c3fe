package dev.hubcrm.bench;

import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * Write units from item sizes, by DynamoDB's published rules, for the writes DynamoDB Local does
 * not account right (it reports a TransactWriteItems as if it held one item): a write costs 1 WCU
 * per started KB of the larger of the item before and after; in a transaction twice that (prepare
 * and commit), a ConditionCheck included (counted here as 2 write units: conservative for the
 * partition's write budget, the tighter one); an index entry written, moved (delete and put) or
 * changed costs 1 WCU per started KB of the entry (its projected attributes, the table's and the
 * index's keys, and 100 bytes), not doubled.
 */
final class WriteUnits {
    private static final int KB = 1024;
    private static final int INDEX_ENTRY_OVERHEAD = 100;

    /** The units of one written item: base table, and by index. */
    record Units(double table, Map<String, Double> indexes) {
    }

    private WriteUnits() {
    }

    /**
     * @param before the item before the write (null: absent)
     * @param after the item after it (null: absent, or a condition check: {@code conditionCheck})
     */
    static Units of(Map<String, AttributeValue> before, Map<String, AttributeValue> after, boolean transactional,
            boolean conditionCheck) {
        if (conditionCheck) {
            return new Units(2.0 * kilobytes(size(before)), Map.of());
        }
        double table = kilobytes(Math.max(size(before), size(after))) * (transactional ? 2.0 : 1.0);
        Map<String, Double> indexes = new HashMap<>();
        for (GlobalSecondaryIndex index : TableProvisioner.indexes()) {
            double units = indexUnits(index, before, after);
            if (units > 0) {
                indexes.put(index.indexName(), units);
            }
        }
        return new Units(table, indexes);
    }

    private static double indexUnits(GlobalSecondaryIndex index, Map<String, AttributeValue> before,
            Map<String, AttributeValue> after) {
        List<String> keys = index.keySchema().stream().map(KeySchemaElement::attributeName).toList();
        Map<String, AttributeValue> was = entry(index, keys, before);
        Map<String, AttributeValue> is = entry(index, keys, after);
        if (was == null && is == null) {
            return 0;
        }
        if (was == null) {
            return kilobytes(size(is) + INDEX_ENTRY_OVERHEAD);
        }
        if (is == null) {
            return kilobytes(size(was) + INDEX_ENTRY_OVERHEAD);
        }
        boolean keyMoved = keys.stream().anyMatch(key -> !Objects.equals(was.get(key), is.get(key)));
        if (keyMoved) {
            return kilobytes(size(was) + INDEX_ENTRY_OVERHEAD) + kilobytes(size(is) + INDEX_ENTRY_OVERHEAD);
        }
        return was.equals(is) ? 0 : kilobytes(Math.max(size(was), size(is)) + INDEX_ENTRY_OVERHEAD);
    }

    /** The index entry of an item: its projected attributes, or null when the item is not in the index. */
    private static Map<String, AttributeValue> entry(GlobalSecondaryIndex index, List<String> keys, Map<String, AttributeValue> item) {
        if (item == null || !item.keySet().containsAll(keys)) {
            return null;
        }
        if (index.projection().projectionType() == ProjectionType.ALL) {
            return item;
        }
        Set<String> projected = new HashSet<>(keys);
        projected.add(TableDesign.PARTITION_KEY);
        projected.add(TableDesign.SORT_KEY);
        if (index.projection().projectionType() == ProjectionType.INCLUDE) {
            projected.addAll(index.projection().nonKeyAttributes());
        }
        Map<String, AttributeValue> entry = new HashMap<>();
        item.forEach((name, value) -> {
            if (projected.contains(name)) {
                entry.put(name, value);
            }
        });
        return entry;
    }

    private static double kilobytes(long bytes) {
        return Math.max(1, (bytes + KB - 1) / KB);
    }

    /** An item's size as DynamoDB counts it: each attribute's name and value. */
    static long size(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += utf8(attribute.getKey()) + size(attribute.getValue());
        }
        return bytes;
    }

    private static long size(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(WriteUnits::utf8).sum();
            case NS -> value.ns().stream().mapToLong(WriteUnits::number).sum();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case L -> 3 + value.l().stream().mapToLong(element -> 1 + size(element)).sum();
            case M -> 3 + value.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
            case UNKNOWN_TO_SDK_VERSION -> 0;
        };
    }

    /** A number: about one byte per two significant digits, plus one. */
    private static long number(String n) {
        String digits = n.replace("-", "").replace(".", "").replaceFirst("^0+", "");
        return 1 + (digits.length() + 1) / 2;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Sums units into {@code table} (index 0) and {@code indexes}. */
    static void add(Units units, double[] table, Map<String, Double> indexes) {
        table[0] += units.table();
        units.indexes().forEach((index, value) -> indexes.merge(index, value, Double::sum));
    }
}
