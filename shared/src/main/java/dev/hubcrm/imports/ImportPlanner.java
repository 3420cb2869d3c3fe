package dev.hubcrm.imports;

import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.FieldDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole file into an {@link ImportPlan}: the first non-blank row is the header, every
 * later non-blank row is checked on its own, and rows with the same email (any case) become one
 * unit: the later row wins cell by cell where it has a value, tags add up. An invalid row never
 * stops the others.
 */
public final class ImportPlanner {
    /** More rows than this are refused as a whole (422): split the file. */
    public static final int MAX_ROWS = 100_000;
    /** Rows merged into one customer at most (a queue message must hold them); further ones fail. */
    static final int MAX_ROWS_PER_EMAIL = 1000;

    private ImportPlanner() {
    }

    /**
     * @throws ValidationException (field {@code file}) when the file is empty, unreadable, has no
     *     usable header, no data rows or too many rows
     */
    public static ImportPlan plan(byte[] file, ImportFormat format, List<FieldDefinition> definitions) {
        if (file.length == 0) {
            throw ValidationException.of("file", "is empty: send a CSV or XLSX file with a header row and one row per customer");
        }
        Collector collector = new Collector(definitions);
        SheetReader.of(format).read(file, collector::row);
        return collector.plan();
    }

    private static final class Collector {
        private final List<FieldDefinition> definitions;
        private HeaderMapping mapping;
        private RowParser parser;
        private int total;
        private final List<RowError> errors = new ArrayList<>();
        /** Units in file order; those with an email also under their email key. */
        private final List<Builder> units = new ArrayList<>();
        private final Map<String, Builder> byEmail = new LinkedHashMap<>();

        Collector(List<FieldDefinition> definitions) {
            this.definitions = definitions;
        }

        void row(int number, List<String> cells) {
            if (RowParser.blank(cells)) {
                return;
            }
            if (mapping == null) {
                mapping = HeaderMapping.of(cells, number, definitions);
                parser = new RowParser(mapping, definitions);
                return;
            }
            if (++total > MAX_ROWS) {
                throw ValidationException.of("file", "has more than " + MAX_ROWS + " rows: split it into several imports");
            }
            ImportedCustomer values;
            try {
                values = parser.parse(cells);
            } catch (ValidationException e) {
                errors.add(new RowError(number, RowParser.message(e.errors())));
                return;
            }
            String key = values.emailKey();
            Builder earlier = key == null ? null : byEmail.get(key);
            if (earlier == null) {
                Builder unit = new Builder(number, values);
                units.add(unit);
                if (key != null) {
                    byEmail.put(key, unit);
                }
                return;
            }
            if (earlier.rows.size() >= MAX_ROWS_PER_EMAIL) {
                errors.add(new RowError(number, "the email of row " + earlier.rows.getFirst() + " is in more than "
                        + MAX_ROWS_PER_EMAIL + " rows of this file; the rows after that are not imported"));
                return;
            }
            ImportedCustomer merged = earlier.values.then(values);
            var mergeErrors = parser.check(merged);
            if (!mergeErrors.isEmpty()) {
                errors.add(new RowError(number, "same email as row " + earlier.rows.getFirst() + ", and together they break a rule: "
                        + RowParser.message(mergeErrors)));
                return;
            }
            earlier.rows.add(number);
            earlier.values = merged;
        }

        ImportPlan plan() {
            if (mapping == null) {
                throw ValidationException.of("file", "has no rows: send a header row and one row per customer");
            }
            if (total == 0) {
                throw ValidationException.of("file", "has a header row but no customer rows below it");
            }
            return new ImportPlan(total, units.stream().map(u -> new ImportUnit(u.rows, u.values)).toList(), errors,
                    mapping.ignored());
        }
    }

    private static final class Builder {
        private final List<Integer> rows = new ArrayList<>();
        private ImportedCustomer values;

        Builder(int row, ImportedCustomer values) {
            this.rows.add(row);
            this.values = values;
        }
    }
}
