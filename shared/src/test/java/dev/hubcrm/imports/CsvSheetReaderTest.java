package dev.hubcrm.imports;

import static dev.hubcrm.imports.Sheets.read;
import static dev.hubcrm.imports.Sheets.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.common.ValidationException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSheetReaderTest {
    private final CsvSheetReader reader = new CsvSheetReader();

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstHeader() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = utf8("email,firstName\r\na@example.com,Ann\r\n");
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);

        List<Sheets.Read> rows = read(reader, file);

        assertThat(rows.get(0).cells()).containsExactly("email", "firstName");
        assertThat(rows.get(0).cells().get(0)).hasSize(5);
        assertThat(rows.get(1)).isEqualTo(new Sheets.Read(2, List.of("a@example.com", "Ann")));
    }

    @Test
    void quotedCommasQuotesAndLineBreaksStayInTheirCell() {
        String csv = "companyName,tags,firstName\r\n"
                + "\"Dupont, Fils & Cie\",\"wholesale/restaurants|vip\",\"Jean \"\"JJ\"\"\"\r\n"
                + "\"Line\r\nbreak\",,Zoé\r\n"
                + "Third,,Ann\r\n";

        List<Sheets.Read> rows = read(reader, utf8(csv));

        assertThat(rows).extracting(Sheets.Read::cells).containsExactly(
                List.of("companyName", "tags", "firstName"),
                List.of("Dupont, Fils & Cie", "wholesale/restaurants|vip", "Jean \"JJ\""),
                List.of("Line\r\nbreak", "", "Zoé"),
                List.of("Third", "", "Ann"));
        // A line break inside quotes is one spreadsheet row, not two.
        assertThat(rows).extracting(Sheets.Read::number).containsExactly(1, 2, 3, 4);
    }

    @Test
    void crlfLfAndAMissingFinalNewlineReadAlike() {
        List<List<String>> crlf = read(reader, utf8("a,b\r\n1,2\r\n3,4")).stream().map(Sheets.Read::cells).toList();
        List<List<String>> lf = read(reader, utf8("a,b\n1,2\n3,4\n")).stream().map(Sheets.Read::cells).toList();

        assertThat(crlf).isEqualTo(lf).containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void blankLinesKeepTheirRowNumberAsASpreadsheetShowsThem() {
        List<Sheets.Read> rows = read(reader, utf8("email\n\na@example.com\n\n\nb@example.com\n"));

        assertThat(rows).filteredOn(row -> !row.cells().stream().allMatch(String::isBlank))
                .extracting(Sheets.Read::number).containsExactly(1, 3, 6);
    }

    @Test
    void semicolonsAndTabsAreRecognisedFromTheHeaderLine() {
        assertThat(read(reader, utf8("email;firstName;tags\na@example.com;Ann;x,y\n")).get(1).cells())
                .containsExactly("a@example.com", "Ann", "x,y");
        assertThat(read(reader, utf8("email\tfirstName\na@example.com\tAnn, Jr\n")).get(1).cells())
                .containsExactly("a@example.com", "Ann, Jr");
    }

    @Test
    void windows1252IsReadWhenTheBytesAreNotUtf8() {
        byte[] file = "email,firstName\nelodie@example.com,Élodie\n".getBytes(Charset.forName("windows-1252"));

        assertThat(read(reader, file).get(1).cells()).containsExactly("elodie@example.com", "Élodie");
    }

    @Test
    void utf16WithItsByteOrderMarkIsRead() {
        byte[] text = "email\tfirstName\r\nzoe@example.com\tZoé\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] file = new byte[text.length + 2];
        file[0] = (byte) 0xFF;
        file[1] = (byte) 0xFE;
        System.arraycopy(text, 0, file, 2, text.length);

        assertThat(read(reader, file).get(1).cells()).containsExactly("zoe@example.com", "Zoé");
    }

    @Test
    void randomBytesAreReadOrRefusedAsAFileNeverACrash() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(3000)];
            random.nextBytes(noise);
            try {
                reader.read(noise, (number, cells) -> assertThat(number).isPositive());
            } catch (ValidationException expected) {
                assertThat(expected.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("file"));
            }
        }
    }

    @Test
    void anUnclosedQuoteIsAClearErrorAboutTheFile() {
        assertThatThrownBy(() -> read(reader, utf8("email,firstName\na@example.com,\"Ann\nb@example.com,Bob\n")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("file");
                        assertThat(error.message()).startsWith("is not valid CSV").contains("quote");
                    });
                });
    }
}
