package dev.hubcrm.customers;

import dev.hubcrm.hubs.FieldDefinition;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Customers as RFC 4180 CSV (UTF-8, header row): every column, tags joined with {@code |}, one
 * {@code fields.<name>} column per custom field. A cell that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or carriage return) is prefixed with {@code '}.
 *
 * <p>{@link #write} builds the file in memory (a small export answered directly); a {@link Spool}
 * writes the same file from customers read page by page, on disk.
 */
public final class CustomerCsv {
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8";
    public static final String TAG_SEPARATOR = "|";
    static final List<String> COLUMNS = List.of("id", "type", "firstName", "lastName", "companyName", "email", "phone",
            "tags", "marketingConsent", "status", "statusPinned", "orderCount", "totalSpent", "firstOrderAt",
            "lastOrderAt", "balance", "lastTopUpAt", "createdAt", "updatedAt");

    private CustomerCsv() {
    }

    public static String write(List<Customer> customers, List<FieldDefinition> definitions) {
        Set<String> fieldNames = new LinkedHashSet<>();
        definitions.forEach(definition -> fieldNames.add(definition.name()));
        customers.forEach(customer -> fieldNames.addAll(customer.fields().keySet()));
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, format(fieldNames))) {
            for (Customer c : customers) {
                List<String> row = columns(c);
                fieldNames.forEach(name -> row.add(value(c.fields().get(name))));
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to memory", e);
        }
        return out.toString();
    }

    /** RFC 4180 with the header: the fixed columns, then one {@code fields.<name>} column per custom field. */
    private static CSVFormat format(Set<String> fieldNames) {
        List<String> header = new ArrayList<>(COLUMNS);
        fieldNames.forEach(name -> header.add("fields." + name));
        return CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
    }

    /** The cells of {@link #COLUMNS} (a mutable list: the custom fields follow). */
    private static List<String> columns(Customer c) {
        return new ArrayList<>(List.of(c.id(), c.type().wire(), cell(c.firstName()), cell(c.lastName()),
                cell(c.companyName()), cell(c.email()), cell(c.phone()), cell(String.join(TAG_SEPARATOR, c.tags())),
                Boolean.toString(c.marketingConsent()), c.status().wire(), Boolean.toString(c.statusPinned()),
                Long.toString(c.orderCount()), Long.toString(c.totalSpent()), time(c.firstOrderAt()),
                time(c.lastOrderAt()), Long.toString(c.balance()), time(c.lastTopUpAt()), time(c.createdAt()),
                time(c.updatedAt())));
    }

    /** A spool in {@code directory} for customers that come page by page. */
    public static Spool spool(Path directory, List<FieldDefinition> definitions) {
        return new Spool(directory, definitions);
    }

    /**
     * The CSV of customers too many to hold in memory, the same file {@link #write} makes. The
     * header names every custom field any customer has, which is known only after the last one (a
     * hub without field definitions takes any field), so {@link #add} writes each customer to a
     * spool file first (its fixed cells, then its fields as name/value pairs) and {@link #finish}
     * writes the header and copies the spool into the final columns. Memory holds one row at a time.
     */
    public static final class Spool implements Closeable {
        private final Path spoolFile;
        private final Set<String> fieldNames = new LinkedHashSet<>();
        private final CSVPrinter spool;
        private long count;

        private Spool(Path directory, List<FieldDefinition> definitions) {
            definitions.forEach(definition -> fieldNames.add(definition.name()));
            spoolFile = directory.resolve("customers.spool");
            try {
                spool = new CSVPrinter(Files.newBufferedWriter(spoolFile, StandardCharsets.UTF_8), CSVFormat.RFC4180);
            } catch (IOException e) {
                throw new UncheckedIOException("creating the export spool", e);
            }
        }

        public void add(Customer customer) {
            List<String> row = columns(customer);
            customer.fields().forEach((name, value) -> {
                fieldNames.add(name);
                row.add(name);
                row.add(value(value));
            });
            try {
                spool.printRecord(row);
            } catch (IOException e) {
                throw new UncheckedIOException("writing the export spool", e);
            }
            count++;
        }

        /** Customers added so far. */
        public long count() {
            return count;
        }

        /** Writes the CSV to {@code target} and removes the spool; answers {@code target}. */
        public Path finish(Path target) {
            try {
                spool.close();
                try (BufferedReader in = Files.newBufferedReader(spoolFile, StandardCharsets.UTF_8);
                        CSVParser records = CSVParser.builder().setReader(in).setFormat(CSVFormat.RFC4180).get();
                        BufferedWriter writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
                        CSVPrinter csv = new CSVPrinter(writer, format(fieldNames))) {
                    for (CSVRecord record : records) {
                        List<String> row = new ArrayList<>(COLUMNS.size() + fieldNames.size());
                        for (int i = 0; i < COLUMNS.size(); i++) {
                            row.add(record.get(i));
                        }
                        Map<String, String> fields = new HashMap<>();
                        for (int i = COLUMNS.size(); i + 1 < record.size(); i += 2) {
                            fields.put(record.get(i), record.get(i + 1));
                        }
                        fieldNames.forEach(name -> row.add(fields.getOrDefault(name, "")));
                        csv.printRecord(row);
                    }
                }
                Files.deleteIfExists(spoolFile);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("writing the export file", e);
            }
        }

        @Override
        public void close() {
            try {
                spool.close();
                Files.deleteIfExists(spoolFile);
            } catch (IOException e) {
                throw new UncheckedIOException("removing the export spool", e);
            }
        }
    }

    /** A text cell, defused when a spreadsheet would read it as a formula. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    private static String value(Object value) {
        return switch (value) {
            case null -> "";
            case BigDecimal number -> number.toPlainString();
            case Boolean flag -> flag.toString();
            default -> cell(value.toString());
        };
    }

    private static String time(Instant at) {
        return at == null ? "" : at.toString();
    }
}
