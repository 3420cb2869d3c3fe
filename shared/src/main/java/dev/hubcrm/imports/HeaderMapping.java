package dev.hubcrm.imports;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.FieldDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which column of an import holds what, by the header's name. Names compare without case, spaces,
 * {@code -}, {@code _} and {@code .}: {@code First Name}, {@code first_name} and {@code firstName}
 * are the same column, so are {@code E-mail} and {@code email}. {@code fields.<name>} (or the bare
 * name of a field the hub defines) is a custom field. Other columns are ignored and reported.
 */
public final class HeaderMapping {
    public static final String FIELD_PREFIX = "fields.";
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** Ignored columns named at most (then "…"), each cut to this length: the list is stored with the import. */
    static final int MAX_LISTED_IGNORED = 50;
    static final int MAX_HEADER_LENGTH = 100;

    /** What a column holds. */
    public enum Target {
        EMAIL("email"), PHONE("phone"), FIRST_NAME("firstName"), LAST_NAME("lastName"), COMPANY_NAME("companyName"),
        TYPE("type"), TAGS("tags"), MARKETING_CONSENT("marketingConsent"), FIELD("fields.<name>");

        private final String wire;

        Target(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** A recognised column: its 0-based index, its header as written, and for {@link Target#FIELD} the field name. */
    public record Column(int index, String header, Target target, String field) {
        /** The name rows' errors use: {@code email}, {@code fields.covers}. */
        public String name() {
            return target == Target.FIELD ? FIELD_PREFIX + field : target.wire();
        }
    }

    private static final Map<String, Target> ALIASES = aliases();

    private final List<Column> columns;
    private final List<String> ignored;

    private HeaderMapping(List<Column> columns, List<String> ignored) {
        this.columns = List.copyOf(columns);
        this.ignored = List.copyOf(ignored);
    }

    /**
     * Maps a header row.
     *
     * @param headerRow the header's row number, to name it in errors
     * @throws ValidationException (field {@code file}) when no column is recognised, when two columns
     *     hold the same thing, or when there is neither an email nor a phone column
     */
    public static HeaderMapping of(List<String> headers, int headerRow, List<FieldDefinition> definitions) {
        List<Column> columns = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, Column> byName = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i) == null ? "" : headers.get(i).strip();
            if (header.isEmpty()) {
                continue;
            }
            // No column name is this long: such a header is ignored before any matching.
            Optional<Column> column = header.length() > MAX_HEADER_LENGTH ? Optional.empty() : recognise(i, header, definitions);
            if (column.isEmpty()) {
                if (ignored.size() < MAX_LISTED_IGNORED) {
                    ignored.add(shown(header));
                } else if (ignored.size() == MAX_LISTED_IGNORED) {
                    ignored.add("…");
                }
                continue;
            }
            Column previous = byName.putIfAbsent(column.get().name(), column.get());
            if (previous != null) {
                errors.add(new FieldError("file", "columns " + letter(previous.index()) + " (" + shown(previous.header()) + ") and "
                        + letter(i) + " (" + shown(header) + ") of the header row both hold " + column.get().name() + "; keep one"));
            } else {
                columns.add(column.get());
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (columns.isEmpty()) {
            throw ValidationException.of("file", "no column of the header row (row " + headerRow + ") is recognised"
                    + (ignored.isEmpty() ? "" : ": found " + ignored) + ". The first row must name the columns: email, phone,"
                    + " firstName, lastName, companyName, type, tags, marketingConsent or fields.<name>");
        }
        if (columns.stream().noneMatch(c -> c.target() == Target.EMAIL || c.target() == Target.PHONE)) {
            throw ValidationException.of("file", "the header row (row " + headerRow + ") has no email or phone column;"
                    + " every customer needs one of them (an email also finds the customer to update)");
        }
        return new HeaderMapping(columns, ignored);
    }

    public List<Column> columns() {
        return columns;
    }

    /** Headers of the columns that are not imported, as written in the file. */
    public List<String> ignored() {
        return ignored;
    }

    private static Optional<Column> recognise(int index, String header, List<FieldDefinition> definitions) {
        if (header.regionMatches(true, 0, FIELD_PREFIX, 0, FIELD_PREFIX.length())) {
            String name = header.substring(FIELD_PREFIX.length()).strip();
            return field(name, definitions, true).map(field -> new Column(index, header, Target.FIELD, field));
        }
        Target target = ALIASES.get(key(header));
        if (target != null) {
            return Optional.of(new Column(index, header, target, null));
        }
        return field(header, definitions, false).map(field -> new Column(index, header, Target.FIELD, field));
    }

    /** The hub's field a header names; with {@code explicit} ({@code fields.x}) also any valid name when the hub defines none. */
    private static Optional<String> field(String name, List<FieldDefinition> definitions, boolean explicit) {
        for (FieldDefinition definition : definitions) {
            if (key(definition.name()).equals(key(name))) {
                return Optional.of(definition.name());
            }
        }
        return explicit && definitions.isEmpty() && FIELD_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** A header as errors and the ignored list show it: cut when it is very long. */
    private static String shown(String header) {
        return Text.cut(header, MAX_HEADER_LENGTH);
    }

    static String key(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[\\s\\-_.]+", "");
    }

    /** Spreadsheet column letters: 0 → A, 26 → AA. */
    static String letter(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }

    private static Map<String, Target> aliases() {
        Map<String, Target> aliases = new LinkedHashMap<>();
        for (String name : List.of("email", "emailaddress", "mail")) {
            aliases.put(name, Target.EMAIL);
        }
        for (String name : List.of("phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "cellphone")) {
            aliases.put(name, Target.PHONE);
        }
        for (String name : List.of("firstname", "givenname", "forename")) {
            aliases.put(name, Target.FIRST_NAME);
        }
        for (String name : List.of("lastname", "surname", "familyname")) {
            aliases.put(name, Target.LAST_NAME);
        }
        for (String name : List.of("company", "companyname", "organisation", "organization")) {
            aliases.put(name, Target.COMPANY_NAME);
        }
        for (String name : List.of("type", "customertype", "contacttype")) {
            aliases.put(name, Target.TYPE);
        }
        for (String name : List.of("tags", "tag", "labels")) {
            aliases.put(name, Target.TAGS);
        }
        for (String name : List.of("marketingconsent", "consent", "marketingoptin", "optin")) {
            aliases.put(name, Target.MARKETING_CONSENT);
        }
        return Map.copyOf(aliases);
    }
}
