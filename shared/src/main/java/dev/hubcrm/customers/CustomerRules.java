package dev.hubcrm.customers;

import dev.hubcrm.common.Emails;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Validation and normalisation of what hubs write on a customer. Pure: no I/O. */
public final class CustomerRules {
    public static final int MAX_TAGS = 40;
    /** Longest tag list as sent, checked before any tag is read: duplicates collapse, but not without end. */
    public static final int MAX_TAGS_AS_SENT = 5 * MAX_TAGS;
    public static final int MAX_TAG_LENGTH = 64;
    /** Longest tag as sent, checked before any other work: room for spaces around its slashes, no more. */
    public static final int MAX_RAW_TAG_LENGTH = 4 * MAX_TAG_LENGTH;
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_FIELDS = 50;
    public static final int MAX_FIELD_TEXT_LENGTH = 1000;

    /** One tag path segment: letters, digits, space, dot, dash, underscore. */
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*(/[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*)*");
    private static final BigDecimal SMALLEST_NUMBER = new BigDecimal("1E-130");
    private static final BigDecimal NUMBER_BOUND = new BigDecimal("1E126");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().-]{5,24}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private CustomerRules() {
    }

    /** The draft trimmed and normalised, or a ValidationException naming every broken rule. */
    public static CustomerDraft normalize(CustomerDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        CustomerType type = draft.type() == null ? CustomerType.PERSON : draft.type();
        String email = Text.blankToNull(draft.email());
        String phone = Text.blankToNull(draft.phone());
        String firstName = name("firstName", draft.firstName(), errors);
        String lastName = name("lastName", draft.lastName(), errors);
        String companyName = name("companyName", draft.companyName(), errors);

        if (firstName == null && lastName == null && companyName == null) {
            errors.add(new FieldError(type == CustomerType.COMPANY ? "companyName" : "firstName",
                    "a name is required: firstName, lastName or companyName"));
        }
        if (email == null && phone == null) {
            errors.add(new FieldError("email", "an email or a phone is required"));
        }
        if (email != null && !Emails.isValid(email)) {
            errors.add(new FieldError("email", "is not a valid email address"));
        }
        if (phone != null && (!PHONE.matcher(phone).matches() || phone.chars().filter(Character::isDigit).count() < 5)) {
            errors.add(new FieldError("phone", "is not a valid phone number: digits, spaces, ()-. and an optional leading +"));
        }
        List<String> tags = tags("tags", draft.tags(), errors);
        Map<String, Object> fields = fields(draft.fields(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new CustomerDraft(type, email, phone, firstName, lastName, companyName, tags, fields,
                draft.marketingConsent(), draft.status(), draft.statusPinned());
    }

    /** The unique-per-hub key of an email, or null for none. */
    public static String emailKey(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** A tag as stored: trimmed, lower case, single slashes; null when it cannot be a tag. */
    public static String normalizeTag(String tag) {
        if (tag == null || tag.length() > MAX_RAW_TAG_LENGTH) {
            return null;
        }
        String normalized = withoutSpaceAroundSlashes(Normalizer.normalize(tag.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT));
        return normalized.length() <= MAX_TAG_LENGTH && TAG.matcher(normalized).matches() ? normalized : null;
    }

    /**
     * {@code "a / b"} as {@code "a/b"}: the white space ({@code \s}) around each slash dropped in one
     * pass. A regex doing this retries from every space of a run, quadratic in the run's length.
     */
    static String withoutSpaceAroundSlashes(String tag) {
        StringBuilder result = new StringBuilder(tag.length());
        int i = 0;
        while (i < tag.length()) {
            char c = tag.charAt(i++);
            if (c != '/') {
                result.append(c);
                continue;
            }
            // Each character is appended once and removed at most once: linear overall.
            while (!result.isEmpty() && isRegexSpace(result.charAt(result.length() - 1))) {
                result.setLength(result.length() - 1);
            }
            result.append('/');
            while (i < tag.length() && isRegexSpace(tag.charAt(i))) {
                i++;
            }
        }
        return result.toString();
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    private static String name(String field, String value, List<FieldError> errors) {
        String name = Text.blankToNull(value);
        if (name != null && (name.length() > MAX_NAME_LENGTH || Text.hasControlCharacters(name))) {
            errors.add(new FieldError(field, "must be at most " + MAX_NAME_LENGTH + " characters without control characters"));
        }
        return name;
    }

    /**
     * The distinct normalised tags of {@code field}, each bad one named in {@code errors}: at most
     * {@link #MAX_TAGS} once duplicates collapse, and more than {@link #MAX_TAGS_AS_SENT} as given is
     * refused before any of them is read.
     */
    static List<String> tags(String field, List<String> tags, List<FieldError> errors) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS_AS_SENT) {
            errors.add(new FieldError(field, "at most " + MAX_TAGS + " tags (" + MAX_TAGS_AS_SENT + " with duplicates)"));
            return List.of();
        }
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String tag = normalizeTag(tags.get(i));
            if (tag == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must be 1-" + MAX_TAG_LENGTH
                        + " characters of letters, digits, space . _ - in segments separated by /"));
            } else {
                normalized.add(tag);
            }
        }
        if (normalized.size() > MAX_TAGS) {
            errors.add(new FieldError(field, "at most " + MAX_TAGS + " tags"));
        }
        return List.copyOf(normalized);
    }

    /** Whether DynamoDB can hold the number: 38 significant digits, magnitude 1E-130 to below 1E126. */
    private static boolean storable(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.signum() == 0 || stripped.precision() <= 38
                && stripped.abs().compareTo(SMALLEST_NUMBER) >= 0 && stripped.abs().compareTo(NUMBER_BOUND) < 0;
    }

    private static Map<String, Object> fields(Map<String, Object> fields, List<FieldError> errors) {
        if (fields == null) {
            return Map.of();
        }
        if (fields.size() > MAX_FIELDS) {
            errors.add(new FieldError("fields", "at most " + MAX_FIELDS + " fields"));
            return Map.of();
        }
        Map<String, Object> result = new TreeMap<>();
        fields.forEach((name, value) -> {
            String path = "fields." + name;
            if (!FIELD_NAME.matcher(name).matches()) {
                errors.add(new FieldError(path, "field names are a letter then up to 63 letters, digits or _"));
            } else if (value instanceof String text && text.length() > MAX_FIELD_TEXT_LENGTH) {
                errors.add(new FieldError(path, "must be at most " + MAX_FIELD_TEXT_LENGTH + " characters"));
            } else if (value instanceof BigDecimal number && !storable(number)) {
                errors.add(new FieldError(path, "must have at most 38 significant digits and a magnitude from 1E-130 to below 1E126"));
            } else if (value instanceof String || value instanceof BigDecimal || value instanceof Boolean) {
                result.put(name, value);
            } else if (value != null) {
                errors.add(new FieldError(path, "must be a string, a number or a boolean"));
            }
        });
        return result;
    }
}
