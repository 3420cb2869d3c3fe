package dev.hubcrm.imports;

import static dev.hubcrm.imports.Sheets.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.FieldDefinition;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportPlannerTest {
    private static final List<FieldDefinition> NO_FIELDS = List.of();

    private static ImportPlan csv(String text) {
        return ImportPlanner.plan(utf8(text), ImportFormat.CSV, NO_FIELDS);
    }

    @Test
    void everyDataRowIsAUnitOrAnErrorWithItsSpreadsheetRowNumber() {
        ImportPlan plan = csv("email,firstName,phone\n"
                + "ann@example.com,Ann,\n"
                + "not-an-email,Bob,\n"
                + ",Carl,+33 6 12 34 56 78\n"
                + ",Dora,\n"
                + "\n"
                + "eve@example.com,Eve,call me\n");

        assertThat(plan.total()).isEqualTo(5);
        assertThat(plan.units()).extracting(ImportUnit::rows).containsExactly(List.of(2), List.of(4));
        assertThat(plan.errors()).containsExactly(
                new RowError(3, "email: is not a valid email address"),
                new RowError(5, "email: an email or a phone is required"),
                new RowError(7, "phone: is not a valid phone number: digits, spaces, ()-. and an optional leading +"));
    }

    @Test
    void rowsWithTheSameEmailAreOneCustomerTheLaterRowWinningCellByCell() {
        ImportPlan plan = csv("email,firstName,lastName,tags,marketingConsent\n"
                + "Ann@Example.com,Ann,Martin,vip,yes\n"
                + "bob@example.com,Bob,,,\n"
                + " ann@example.com ,Anne,,wholesale/restaurants|VIP,\n");

        assertThat(plan.total()).isEqualTo(3);
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.units()).hasSize(2);
        ImportUnit ann = plan.units().get(0);
        assertThat(ann.rows()).containsExactly(2, 4);
        assertThat(ann.values().firstName()).isEqualTo("Anne");
        assertThat(ann.values().lastName()).as("an empty cell keeps the earlier value").isEqualTo("Martin");
        assertThat(ann.values().marketingConsent()).isTrue();
        assertThat(ann.values().tags()).containsExactly("vip", "wholesale/restaurants", "VIP");
        assertThat(ann.values().over(ImportedCustomer.NEW_CUSTOMER).email()).isEqualTo("ann@example.com");
    }

    @Test
    void cellsAreTypedTagsSplitAndConsentRead() {
        ImportPlan plan = csv("email,company,type,tags,consent\n"
                + "a@example.com,Dupont,Company,\"a, b|c ,\",Yes\n"
                + "b@example.com,Dupont,shop,,maybe\n"
                + "c@example.com,X,person,,0\n");

        ImportedCustomer a = plan.units().get(0).values();
        assertThat(a.type()).isEqualTo(CustomerType.COMPANY);
        assertThat(a.tags()).containsExactly("a", "b", "c");
        assertThat(a.marketingConsent()).isTrue();
        assertThat(plan.units().get(1).values().marketingConsent()).isFalse();
        assertThat(plan.errors()).containsExactly(new RowError(3,
                "type: must be person or company; marketingConsent: must be yes, no, true, false, 1 or 0"));
    }

    @Test
    void aRowWithAnEmailButNoNameMayUpdateSoItWaitsButAPhoneOnlyRowNeedsAName() {
        ImportPlan plan = csv("email,phone,tags\n"
                + "ann@example.com,,vip\n"
                + ",+33 6 12 34 56 78,vip\n");

        assertThat(plan.units()).extracting(ImportUnit::rows).containsExactly(List.of(2));
        assertThat(plan.errors()).containsExactly(new RowError(3, "firstName: a name is required: firstName, lastName or companyName"));
    }

    @Test
    void customFieldsAreTypedByTheHubsDefinitions() {
        List<FieldDefinition> fields = List.of(
                new FieldDefinition("covers", FieldDefinition.Type.NUMBER, List.of(), true),
                new FieldDefinition("organic", FieldDefinition.Type.BOOLEAN, List.of(), false),
                new FieldDefinition("deliveryDay", FieldDefinition.Type.CHOICE, List.of("tue", "fri"), false));
        ImportPlan plan = ImportPlanner.plan(utf8("email,phone,firstName,covers,fields.organic,Delivery Day\n"
                + "a@example.com,,Ann,12.5,yes,tue\n"
                + "b@example.com,,Bob,many,,\n"
                + "c@example.com,,Cy,,,sun\n"
                + ",0612345678,Dan,,,\n"
                + "e@example.com,,Eve,,,\n"), ImportFormat.CSV, fields);

        assertThat(plan.units().get(0).values().fields())
                .isEqualTo(Map.of("covers", new BigDecimal("12.5"), "organic", true, "deliveryDay", "tue"));
        assertThat(plan.errors()).containsExactly(
                new RowError(3, "fields.covers: must be a number such as 12.5"),
                new RowError(4, "fields.deliveryDay: must be one of [tue, fri]"),
                new RowError(5, "fields.covers: is required by this hub"));
        assertThat(plan.units()).as("an email row may update a customer who has covers").extracting(ImportUnit::firstRow)
                .containsExactly(2, 6);
    }

    @Test
    void unknownColumnsAreReportedAsIgnored() {
        assertThat(csv("email,firstName,Notes\na@example.com,Ann,likes cheese\n").ignoredColumns()).containsExactly("Notes");
    }

    @Test
    void badFilesAreRefusedAsAWhole() {
        assertThatThrownBy(() -> csv("")).isInstanceOf(ValidationException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> csv("\n \n,,\n")).isInstanceOf(ValidationException.class).hasMessageContaining("has no rows");
        assertThatThrownBy(() -> csv("email,firstName\n\n")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no customer rows");
        assertThatThrownBy(() -> csv("ann@example.com,Ann\nbob@example.com,Bob\n")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("is recognised");
    }

    @Test
    void moreThanTheMaximumOfRowsIsRefusedAsAWhole() {
        StringBuilder csv = new StringBuilder("phone,firstName\n");
        for (int i = 0; i <= ImportPlanner.MAX_ROWS; i++) {
            csv.append("0612345678,A\n");
        }
        assertThatThrownBy(() -> csv(csv.toString())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("more than " + ImportPlanner.MAX_ROWS + " rows");
    }

    @Test
    void xlsxRowsArePlannedLikeCsvRows() {
        byte[] file = Sheets.xlsx(List.of(
                List.of("Email", "First Name", "Phone", "Marketing Consent"),
                List.of("ann@example.com", "Ann", 33612345678L, true),
                List.of("bad", "Bob", "", false)));

        ImportPlan plan = ImportPlanner.plan(file, ImportFormat.XLSX, NO_FIELDS);

        assertThat(plan.units()).singleElement().satisfies(unit -> {
            assertThat(unit.values().phone()).isEqualTo("33612345678");
            assertThat(unit.values().marketingConsent()).isTrue();
        });
        assertThat(plan.errors()).containsExactly(new RowError(3, "email: is not a valid email address"));
    }
}
