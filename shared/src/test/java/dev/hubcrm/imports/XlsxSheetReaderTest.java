package dev.hubcrm.imports;

import static dev.hubcrm.imports.Sheets.read;
import static dev.hubcrm.imports.Sheets.xlsx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ValidationException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class XlsxSheetReaderTest {
    private final XlsxSheetReader reader = new XlsxSheetReader();

    @Test
    void readsTheFirstSheetRowByRowWithSpreadsheetRowNumbers() {
        byte[] file = xlsx(Arrays.asList(
                List.of("email", "First Name", "tags"),
                List.of("ann@example.com", "Ann", "vip|wholesale"),
                null,
                List.of("bob@example.com", "Bob", "retail")),
                List.of(List.of(List.of("not", "this", "sheet"))));

        List<Sheets.Read> rows = read(reader, file);

        assertThat(rows).containsExactly(
                new Sheets.Read(1, List.of("email", "First Name", "tags")),
                new Sheets.Read(2, List.of("ann@example.com", "Ann", "vip|wholesale")),
                new Sheets.Read(4, List.of("bob@example.com", "Bob", "retail")));
    }

    @Test
    void missingCellsAreEmptyStringsInTheirColumn() {
        byte[] file = xlsx(List.of(
                List.of("email", "firstName", "lastName", "phone"),
                Arrays.asList("ann@example.com", null, "Martin", null),
                Arrays.asList(null, null, null, "+33 6 12 34 56 78")));

        List<Sheets.Read> rows = read(reader, file);

        assertThat(rows.get(1).cells()).containsExactly("ann@example.com", "", "Martin");
        assertThat(rows.get(2).cells()).containsExactly("", "", "", "+33 6 12 34 56 78");
    }

    @Test
    void numbersInFullDatesAsIsoAndBooleansAsText() {
        byte[] file = xlsx(List.of(
                List.of("phone", "covers", "since", "marketingConsent"),
                List.of(33612345678L, 12.5, LocalDate.of(2024, 3, 1), true)));

        assertThat(read(reader, file).get(1).cells()).containsExactly("33612345678", "12.5", "2024-03-01", "TRUE");
    }

    @Test
    void aFileThatIsNotAWorkbookIsAClearErrorAboutTheFile() {
        assertThatThrownBy(() -> read(reader, new byte[] {'P', 'K', 3, 4, 'n', 'o', 't', ' ', 'a', ' ', 'z', 'i', 'p'}))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                        assertThat(e.errors()).singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("file");
                            assertThat(error.message()).startsWith("is not a readable XLSX workbook");
                        }));
        assertThatThrownBy(() -> read(reader, Sheets.utf8("email\na@example.com\n")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void damagedOrHostileBytesAreAlwaysAFileErrorNeverACrash() {
        byte[] good = xlsx(List.of(List.of("email"), List.of("a@example.com")));
        java.util.Random random = new java.util.Random(42);
        List<byte[]> files = new java.util.ArrayList<>();
        for (int cut : new int[] {10, good.length / 3, good.length / 2, good.length - 20}) {
            files.add(java.util.Arrays.copyOf(good, cut));
        }
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[200 + random.nextInt(4000)];
            random.nextBytes(noise);
            noise[0] = 'P';
            noise[1] = 'K';
            noise[2] = 3;
            noise[3] = 4;
            files.add(noise);
            byte[] flipped = good.clone();
            for (int k = 0; k < 30; k++) {
                flipped[30 + random.nextInt(flipped.length - 30)] ^= (byte) (1 + random.nextInt(255));
            }
            files.add(flipped);
        }
        for (byte[] file : files) {
            try {
                read(reader, file);
            } catch (ValidationException expected) {
                assertThat(expected.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("file"));
            }
        }
    }

    @Test
    void anExceptionOfTheRowHandlerStopsReading() {
        byte[] file = xlsx(List.of(List.of("email"), List.of("a@example.com"), List.of("b@example.com")));
        int[] seen = {0};

        assertThatThrownBy(() -> reader.read(file, (number, cells) -> {
            if (++seen[0] == 2) {
                throw ValidationException.of("file", "stop");
            }
        })).isInstanceOf(ValidationException.class).hasMessageContaining("stop");
        assertThat(seen[0]).isEqualTo(2);
    }
}
