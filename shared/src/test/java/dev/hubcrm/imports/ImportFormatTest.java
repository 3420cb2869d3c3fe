package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportFormatTest {
    private static final byte[] CSV = Sheets.utf8("email\na@example.com\n");
    private static final byte[] XLSX = Sheets.xlsx(List.of(List.of("email"), List.of("a@example.com")));
    private static final byte[] XLS = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0};

    @Test
    void csvByItsContentType() {
        assertThat(ImportFormat.detect("text/csv", CSV)).isEqualTo(ImportFormat.CSV);
        assertThat(ImportFormat.detect("Text/CSV; charset=utf-8", CSV)).isEqualTo(ImportFormat.CSV);
        // What Windows browsers with Excel installed call a .csv file.
        assertThat(ImportFormat.detect("application/vnd.ms-excel", CSV)).isEqualTo(ImportFormat.CSV);
        assertThat(ImportFormat.detect("text/csv", new byte[0])).isEqualTo(ImportFormat.CSV);
    }

    @Test
    void xlsxByItsContentTypeOrItsZipSignature() {
        assertThat(ImportFormat.detect(ImportFormat.XLSX_MEDIA_TYPE, XLSX)).isEqualTo(ImportFormat.XLSX);
        assertThat(ImportFormat.detect("application/octet-stream", XLSX)).isEqualTo(ImportFormat.XLSX);
        assertThat(ImportFormat.detect(null, XLSX)).isEqualTo(ImportFormat.XLSX);
        assertThat(ImportFormat.detect("text/csv", XLSX)).as("a workbook sent as CSV").isEqualTo(ImportFormat.XLSX);
    }

    @Test
    void anythingElseIsUnsupportedWithWhatToSendInstead() {
        assertThatThrownBy(() -> ImportFormat.detect("application/json", Sheets.utf8("{\"email\":\"a@example.com\"}")))
                .isInstanceOf(UnsupportedFileException.class)
                .hasMessageContaining("application/json").hasMessageContaining("text/csv")
                .hasMessageContaining(ImportFormat.XLSX_MEDIA_TYPE);
        assertThatThrownBy(() -> ImportFormat.detect("application/x-www-form-urlencoded", CSV))
                .isInstanceOf(UnsupportedFileException.class);
        assertThatThrownBy(() -> ImportFormat.detect(null, CSV)).isInstanceOf(UnsupportedFileException.class)
                .hasMessageContaining("no Content-Type");
        assertThatThrownBy(() -> ImportFormat.detect("application/vnd.ms-excel", XLS))
                .isInstanceOf(UnsupportedFileException.class).hasMessageContaining(".xls");
        assertThatThrownBy(() -> ImportFormat.detect("image/png", XLSX)).isInstanceOf(UnsupportedFileException.class);
    }
}
