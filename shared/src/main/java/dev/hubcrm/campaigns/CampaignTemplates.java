package dev.hubcrm.campaigns;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A campaign's subject, text and html as mustache templates (mustache.java). Input is untrusted, so:
 * sizes are checked before parsing; values are looked up in maps only (no reflection on the values:
 * {@code {{firstName.class}}} renders empty); partials ({@code {{> name}}}) and delimiter changes are
 * refused; the html part escapes every value and refuses the unescaped forms ({@code {{{ }}}},
 * {@code {{& }}}), while subject and text carry values as they are. A missing value renders empty.
 */
public final class CampaignTemplates {
    public static final int MAX_SUBJECT_LENGTH = 500;
    public static final int MAX_PART_BYTES = 100_000;

    /** The three parts of a campaign, compiled. */
    public record Compiled(Mustache subject, Mustache text, Mustache html) {
    }

    /** One mail's rendered parts; html null when the campaign has none. */
    public record Rendered(String subject, String text, String html) {
    }

    private static final DefaultMustacheFactory PLAIN = factory(false);
    private static final DefaultMustacheFactory HTML = factory(true);

    private CampaignTemplates() {
    }

    /** Compiles all parts, or a ValidationException naming every part that is too large or does not parse. */
    public static Compiled compile(String subject, String text, String html) {
        List<FieldError> errors = new ArrayList<>();
        Mustache compiledSubject = compile(PLAIN, "subject", subject, MAX_SUBJECT_LENGTH, errors);
        Mustache compiledText = compile(PLAIN, "text", text, MAX_PART_BYTES, errors);
        Mustache compiledHtml = html == null ? null : compile(HTML, "html", html, MAX_PART_BYTES, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Compiled(compiledSubject, compiledText, compiledHtml);
    }

    /** Renders the compiled parts with {@code values} (firstName, lastName, fields, balance, unsubscribeUrl). */
    public static Rendered render(Compiled compiled, Map<String, Object> values) {
        return new Rendered(run(compiled.subject(), values).strip(), run(compiled.text(), values),
                compiled.html() == null ? null : run(compiled.html(), values));
    }

    private static Mustache compile(DefaultMustacheFactory factory, String field, String source, int maxSize, List<FieldError> errors) {
        if (source == null) {
            return null;
        }
        int size = field.equals("subject") ? source.length() : source.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxSize) {
            errors.add(new FieldError(field, "is longer than " + maxSize + (field.equals("subject") ? " characters" : " bytes")));
            return null;
        }
        if (source.contains("{{>") || source.contains("{{<") || source.contains("{{=")) {
            errors.add(new FieldError(field, "uses a partial or a delimiter change; only {{name}} placeholders and sections are allowed"));
            return null;
        }
        if (factory == HTML && (source.contains("{{{") || source.contains("{{&"))) {
            errors.add(new FieldError(field, "uses an unescaped placeholder ({{{ }}} or {{& }}); the html part escapes every value"));
            return null;
        }
        try {
            return factory.compile(new StringReader(source), field);
        } catch (MustacheException e) {
            errors.add(new FieldError(field, "is not a valid template: " + firstLine(e.getMessage())));
            return null;
        }
    }

    private static String run(Mustache template, Map<String, Object> values) {
        StringWriter out = new StringWriter();
        template.execute(out, values);
        return out.toString();
    }

    private static String firstLine(String message) {
        String line = message == null ? "parse error" : message.lines().findFirst().orElse("parse error");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static DefaultMustacheFactory factory(boolean escapeHtml) {
        DefaultMustacheFactory factory = new DefaultMustacheFactory() {
            @Override
            public Reader getReader(String resourceName) {
                throw new MustacheException("partials are not allowed");
            }

            @Override
            public void encode(String value, Writer writer) {
                if (escapeHtml) {
                    super.encode(value, writer);
                } else {
                    try {
                        writer.write(value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        factory.setObjectHandler(new MapsOnly());
        factory.setRecursionLimit(10);
        return factory;
    }

    /** Looks names up in maps only: no method or field of a value is ever reached from a template. */
    private static final class MapsOnly extends ReflectionObjectHandler {
        @Override
        protected void checkMethod(Method member) throws NoSuchMethodException {
            throw new NoSuchMethodException(member.getName());
        }

        @Override
        protected void checkField(Field member) throws NoSuchFieldException {
            throw new NoSuchFieldException(member.getName());
        }
    }
}
