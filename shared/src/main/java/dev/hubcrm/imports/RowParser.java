package dev.hubcrm.imports;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomFieldRules;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.FieldDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the cells of one row into an {@link ImportedCustomer}, checked with the same rules as
 * {@code POST /v1/customers} ({@link CustomerRules}, {@link CustomFieldRules}). Two checks wait for
 * the worker, because a row with an email may update a customer who already has what it lacks: a
 * name, and the hub's required fields. A row without an email always creates, so it is checked in full.
 */
public final class RowParser {
    private static final Pattern TAG_SEPARATORS = Pattern.compile("[|,]");
    /** Stands in for a missing name while checking a row that may update an existing customer. */
    private static final String STAND_IN_NAME = "stand-in";
    /** 38 digits, a sign, a point, an exponent and spaces between groups of digits fit. */
    static final int MAX_NUMBER_LENGTH = 100;

    private final HeaderMapping mapping;
    private final Map<String, FieldDefinition> definitions;

    public RowParser(HeaderMapping mapping, List<FieldDefinition> definitions) {
        this.mapping = mapping;
        this.definitions = definitions.stream().collect(Collectors.toMap(FieldDefinition::name, d -> d, (a, b) -> a, LinkedHashMap::new));
    }

    /** The row's values, or a ValidationException naming every bad cell. */
    public ImportedCustomer parse(List<String> cells) {
        List<FieldError> errors = new ArrayList<>();
        String email = null;
        String phone = null;
        String firstName = null;
        String lastName = null;
        String companyName = null;
        CustomerType type = null;
        List<String> tags = List.of();
        Boolean consent = null;
        Map<String, Object> fields = new LinkedHashMap<>();
        for (HeaderMapping.Column column : mapping.columns()) {
            String value = column.index() < cells.size() ? Text.blankToNull(cells.get(column.index())) : null;
            if (value == null) {
                continue;
            }
            switch (column.target()) {
                case EMAIL -> email = value;
                case PHONE -> phone = value;
                case FIRST_NAME -> firstName = value;
                case LAST_NAME -> lastName = value;
                case COMPANY_NAME -> companyName = value;
                case TYPE -> {
                    type = CustomerType.fromWire(value.toLowerCase(Locale.ROOT));
                    if (type == null) {
                        errors.add(new FieldError("type", "must be person or company"));
                    }
                }
                // Read lazily up to one tag past what may be sent: enough to refuse the cell, however long it is.
                case TAGS -> tags = TAG_SEPARATORS.splitAsStream(value).map(String::strip).filter(t -> !t.isEmpty()).distinct()
                        .limit(CustomerRules.MAX_TAGS_AS_SENT + 1).toList();
                case MARKETING_CONSENT -> {
                    consent = flag(value).orElse(null);
                    if (consent == null) {
                        errors.add(new FieldError("marketingConsent", "must be yes, no, true, false, 1 or 0"));
                    }
                }
                case FIELD -> fieldValue(column.field(), value, errors).ifPresent(v -> fields.put(column.field(), v));
            }
        }
        ImportedCustomer values = new ImportedCustomer(email, phone, firstName, lastName, companyName, type, tags, consent, fields);
        errors.addAll(check(values));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return values;
    }

    /** Whether every cell of the row is blank (such rows are skipped, not counted). */
    public static boolean blank(List<String> cells) {
        return cells.stream().allMatch(cell -> cell == null || cell.isBlank());
    }

    /** yes/no, true/false, 1/0 in any case. */
    static Optional<Boolean> flag(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> Optional.of(true);
            case "no", "false", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** The errors of the values as a new customer would have them, less what an update may still supply. */
    List<FieldError> check(ImportedCustomer values) {
        boolean mayUpdate = values.email() != null;
        CustomerDraft draft = values.over(ImportedCustomer.NEW_CUSTOMER);
        if (mayUpdate && draft.firstName() == null && draft.lastName() == null && draft.companyName() == null) {
            draft = new CustomerDraft(draft.type(), draft.email(), draft.phone(), STAND_IN_NAME, null, null, draft.tags(),
                    draft.fields(), draft.marketingConsent(), draft.status(), draft.statusPinned());
        }
        List<FieldError> errors = new ArrayList<>();
        try {
            draft = CustomerRules.normalize(draft);
        } catch (ValidationException e) {
            return e.errors();
        }
        for (FieldError error : CustomFieldRules.check(draft.fields(), Map.of(), List.copyOf(definitions.values()))) {
            boolean requiredButAbsent = error.field().startsWith(HeaderMapping.FIELD_PREFIX)
                    && !values.fields().containsKey(error.field().substring(HeaderMapping.FIELD_PREFIX.length()));
            if (!(mayUpdate && requiredButAbsent)) {
                errors.add(error);
            }
        }
        return errors;
    }

    private Optional<Object> fieldValue(String name, String value, List<FieldError> errors) {
        FieldDefinition definition = definitions.get(name);
        if (definition == null) {
            return Optional.of(value);
        }
        String path = HeaderMapping.FIELD_PREFIX + name;
        return switch (definition.type()) {
            case NUMBER -> {
                Optional<Object> number = number(value);
                if (number.isEmpty()) {
                    errors.add(new FieldError(path, "must be a number such as 12.5"));
                }
                yield number;
            }
            case BOOLEAN -> {
                Optional<Boolean> flag = flag(value);
                if (flag.isEmpty()) {
                    errors.add(new FieldError(path, "must be yes, no, true, false, 1 or 0"));
                }
                yield flag.map(Object.class::cast);
            }
            case TEXT, DATE, CHOICE -> Optional.of(value);
        };
    }

    /** A number cell, spaces between digit groups allowed; the length first, as BigDecimal reads long digit runs in more than linear time. */
    static Optional<Object> number(String value) {
        if (value.length() > MAX_NUMBER_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value.replace(" ", "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** One line for a row's errors: {@code email: is not a valid email address; type: must be person or company}. */
    public static String message(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
