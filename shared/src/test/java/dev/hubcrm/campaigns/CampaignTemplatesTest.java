package dev.hubcrm.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignTemplatesTest {
    private static final Map<String, Object> ELODIE = Map.of("firstName", "Élodie <b>", "fields", Map.of("city", "Lyon"),
            "balance", "12.50 EUR", "unsubscribeUrl", "https://api.example/u/t0k");

    private static CampaignTemplates.Rendered render(String subject, String text, String html, Map<String, Object> values) {
        return CampaignTemplates.render(CampaignTemplates.compile(subject, text, html), values);
    }

    private static ValidationException refused(String subject, String text, String html) {
        try {
            CampaignTemplates.compile(subject, text, html);
        } catch (ValidationException e) {
            return e;
        }
        throw new AssertionError("the templates were accepted");
    }

    @Test
    void placeholdersRenderTheCustomersValuesEscapedInTheHtmlPartOnly() {
        CampaignTemplates.Rendered rendered = render("Hi {{firstName}}", "{{firstName}} in {{fields.city}}: {{balance}} {{unsubscribeUrl}}",
                "<p>{{firstName}}</p>", ELODIE);

        assertThat(rendered.subject()).isEqualTo("Hi Élodie <b>");
        assertThat(rendered.text()).isEqualTo("Élodie <b> in Lyon: 12.50 EUR https://api.example/u/t0k");
        assertThat(rendered.html()).isEqualTo("<p>Élodie &lt;b&gt;</p>");
    }

    @Test
    void aMissingValueRendersEmptyNeverTheTag() {
        CampaignTemplates.Rendered rendered = render("Hi {{lastName}}!", "[{{fields.unknown}}][{{nothing.at.all}}]", null, ELODIE);

        assertThat(rendered.subject()).isEqualTo("Hi !");
        assertThat(rendered.text()).isEqualTo("[][]");
        assertThat(rendered.html()).isNull();
    }

    @Test
    void templatesReachNoMethodOfAValue() {
        assertThat(render("s", "[{{firstName.class}}][{{firstName.bytes}}][{{firstName.length}}][{{fields.class.name}}]", null, ELODIE)
                .text()).isEqualTo("[][][][]");
    }

    @Test
    void aTemplateThatDoesNotParseIsRefusedNamingEveryBadPart() {
        assertThat(refused("{{#open}}", "fine", "<p>{{/closed}}</p>").errors()).extracting(FieldError::field)
                .containsExactly("subject", "html");
    }

    @Test
    void partialsDelimiterChangesAndUnescapedHtmlAreRefused() {
        assertThat(refused("s", "{{> /etc/passwd}}", null).errors()).extracting(FieldError::field).containsExactly("text");
        assertThat(refused("{{=<% %>=}}", "t", null).errors()).extracting(FieldError::field).containsExactly("subject");
        assertThat(refused("s", "t", "{{{firstName}}}").errors()).extracting(FieldError::field).containsExactly("html");
        assertThat(refused("s", "t", "{{&firstName}}").errors()).extracting(FieldError::field).containsExactly("html");
    }

    @Test
    void sizesAreCheckedBeforeParsing() {
        String huge = "{{#a}}".repeat(CampaignTemplates.MAX_PART_BYTES / 6 + 1);
        assertThat(refused("x".repeat(CampaignTemplates.MAX_SUBJECT_LENGTH + 1), huge, null).errors())
                .extracting(FieldError::message).allMatch(message -> message.startsWith("is longer than"));
        assertThatThrownBy(() -> CampaignTemplates.compile("s", "t", huge)).isInstanceOf(ValidationException.class);
    }
}
