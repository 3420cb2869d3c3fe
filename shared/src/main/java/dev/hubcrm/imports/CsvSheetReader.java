package dev.hubcrm.imports;

import dev.hubcrm.common.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV through commons-csv (RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF
 * or LF). What spreadsheets produce around it is handled before parsing: a byte-order mark, UTF-16
 * ("Unicode text" from Excel), Windows-1252 when the bytes are not UTF-8, and a {@code ;} or tab
 * delimiter (European Excel) recognised from the header line. Rows are numbered as a spreadsheet
 * opening the file shows them: one per record, blank lines included.
 */
public final class CsvSheetReader implements SheetReader {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @Override
    public void read(byte[] file, RowHandler rows) {
        String text = decode(file);
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter(text))
                // Blank lines stay records, so that row numbers match the spreadsheet's.
                .setIgnoreEmptyLines(false)
                .get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            for (CSVRecord record : parser) {
                rows.row(Math.toIntExact(record.getRecordNumber()), record.toList());
            }
        } catch (ValidationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ValidationException.of("file", "is not valid CSV: " + reason(e)
                    + " (a quote opened in a cell must be closed; write a quote inside a quoted cell as \"\")");
        }
    }

    /** The text of the file: UTF-8 or UTF-16 by their byte-order marks, UTF-8 when valid, else Windows-1252. */
    static String decode(byte[] file) {
        if (file.length >= 2 && (file[0] & 0xFF) == 0xFF && (file[1] & 0xFF) == 0xFE) {
            return new String(file, 2, file.length - 2, StandardCharsets.UTF_16LE);
        }
        if (file.length >= 2 && (file[0] & 0xFF) == 0xFE && (file[1] & 0xFF) == 0xFF) {
            return new String(file, 2, file.length - 2, StandardCharsets.UTF_16BE);
        }
        int start = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file, start, file.length - start))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(file, start, file.length - start, WINDOWS_1252);
        }
    }

    /** The delimiter of the header line: whichever of {@code , ; tab} it holds most of (a comma on a tie). */
    static char delimiter(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        long commas = header.chars().filter(c -> c == ',').count();
        long semicolons = header.chars().filter(c -> c == ';').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() <= 160 ? message : message.substring(0, 160) + "…";
    }
}
