package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ValidationException;
import dev.hubcrm.hubs.FieldDefinition;
import dev.hubcrm.imports.HeaderMapping.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderMappingTest {
    private static final List<FieldDefinition> NO_FIELDS = List.of();
    private static final List<FieldDefinition> FIELDS = List.of(
            new FieldDefinition("deliveryDay", FieldDefinition.Type.CHOICE, List.of("tue", "fri"), false),
            new FieldDefinition("covers", FieldDefinition.Type.NUMBER, List.of(), true));

    @Test
    void namesCompareWithoutCaseSpacesDashesOrUnderscores() {
        HeaderMapping mapping = HeaderMapping.of(List.of("E-mail", "First Name", "last_name", "COMPANY", "Phone Number",
                "Type", "Tags", "Marketing Consent"), 1, NO_FIELDS);

        assertThat(mapping.columns()).extracting(HeaderMapping.Column::target).containsExactly(Target.EMAIL, Target.FIRST_NAME,
                Target.LAST_NAME, Target.COMPANY_NAME, Target.PHONE, Target.TYPE, Target.TAGS, Target.MARKETING_CONSENT);
        assertThat(mapping.columns()).extracting(HeaderMapping.Column::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(mapping.ignored()).isEmpty();
        assertThat(HeaderMapping.of(List.of("firstName", "email"), 1, NO_FIELDS).columns())
                .extracting(HeaderMapping.Column::target).containsExactly(Target.FIRST_NAME, Target.EMAIL);
    }

    @Test
    void unknownColumnsAreIgnoredAndNamedAndBlankHeadersSkipped() {
        HeaderMapping mapping = HeaderMapping.of(List.of("email", "Notes", "", "Favourite cheese", " "), 1, NO_FIELDS);

        assertThat(mapping.columns()).extracting(HeaderMapping.Column::name).containsExactly("email");
        assertThat(mapping.ignored()).containsExactly("Notes", "Favourite cheese");
    }

    @Test
    void customFieldsByPrefixOrByTheNameTheHubDefines() {
        HeaderMapping mapping = HeaderMapping.of(List.of("email", "fields.deliveryDay", "Covers", "fields.unknown", "Fields.COVERS2"),
                1, FIELDS);

        assertThat(mapping.columns()).extracting(HeaderMapping.Column::name)
                .containsExactly("email", "fields.deliveryDay", "fields.covers");
        assertThat(mapping.ignored()).as("fields the hub does not define").containsExactly("fields.unknown", "Fields.COVERS2");
    }

    @Test
    void aHubWithoutDefinitionsTakesAnyValidFieldName() {
        HeaderMapping mapping = HeaderMapping.of(List.of("phone", "fields.loyaltyTier", "fields.bad name!", "loyaltyTier"),
                1, NO_FIELDS);

        assertThat(mapping.columns()).extracting(HeaderMapping.Column::name).containsExactly("phone", "fields.loyaltyTier");
        assertThat(mapping.ignored()).containsExactly("fields.bad name!", "loyaltyTier");
    }

    @Test
    void twoColumnsForOneThingAreRefusedNamingBoth() {
        assertThatThrownBy(() -> HeaderMapping.of(List.of("email", "name", "E-Mail"), 1, NO_FIELDS))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.message())
                                .contains("columns A (email) and C (E-Mail)").contains("both hold email")));
    }

    @Test
    void aHeaderWithNothingRecognisedIsRefusedNamingWhatItFound() {
        assertThatThrownBy(() -> HeaderMapping.of(List.of("ann@example.com", "Ann", "Martin"), 1, NO_FIELDS))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> {
                            assertThat(error.field()).isEqualTo("file");
                            assertThat(error.message()).contains("no column of the header row (row 1) is recognised")
                                    .contains("ann@example.com").contains("The first row must name the columns");
                        }));
    }

    @Test
    void withoutAnEmailOrAPhoneColumnNoRowCouldBeImported() {
        assertThatThrownBy(() -> HeaderMapping.of(List.of("firstName", "lastName"), 3, NO_FIELDS))
                .isInstanceOf(ValidationException.class).hasMessageContaining("row 3").hasMessageContaining("no email or phone column");
    }

    @Test
    void columnLetters() {
        assertThat(HeaderMapping.letter(0)).isEqualTo("A");
        assertThat(HeaderMapping.letter(25)).isEqualTo("Z");
        assertThat(HeaderMapping.letter(26)).isEqualTo("AA");
        assertThat(HeaderMapping.letter(701)).isEqualTo("ZZ");
    }
}
