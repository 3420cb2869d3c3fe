package dev.hubcrm.customers;

import dev.hubcrm.hubs.FieldDefinition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Customers as RFC 4180 CSV (UTF-8, header row): every column, tags joined with {@code |}, one
 * {@code fields.<name>} column per custom field. A cell that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or carriage return) is prefixed with {@code '}.
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
        List<String> header = new ArrayList<>(COLUMNS);
        fieldNames.forEach(name -> header.add("fields." + name));
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (Customer c : customers) {
                List<String> row = new ArrayList<>(List.of(c.id(), c.type().wire(), cell(c.firstName()), cell(c.lastName()),
                        cell(c.companyName()), cell(c.email()), cell(c.phone()), cell(String.join(TAG_SEPARATOR, c.tags())),
                        Boolean.toString(c.marketingConsent()), c.status().wire(), Boolean.toString(c.statusPinned()),
                        Long.toString(c.orderCount()), Long.toString(c.totalSpent()), time(c.firstOrderAt()),
                        time(c.lastOrderAt()), Long.toString(c.balance()), time(c.lastTopUpAt()), time(c.createdAt()),
                        time(c.updatedAt())));
                fieldNames.forEach(name -> row.add(value(c.fields().get(name))));
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to memory", e);
        }
        return out.toString();
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
