package dev.hubcrm.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/** Files for import tests: CSV text and XLSX workbooks written with POI's streaming writer. */
final class Sheets {
    private Sheets() {
    }

    /** A row as read: its number and its cells. */
    record Read(int number, List<String> cells) {
    }

    static List<Read> read(SheetReader reader, byte[] file) {
        List<Read> rows = new ArrayList<>();
        reader.read(file, (number, cells) -> rows.add(new Read(number, List.copyOf(cells))));
        return rows;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An XLSX whose first sheet holds {@code rows}: a String is a text cell, a Number a numeric cell
     * (General format), a Boolean a boolean cell, a java.time.LocalDate a date-formatted cell, null no cell.
     */
    static byte[] xlsx(List<List<Object>> rows) {
        return xlsx(rows, List.of());
    }

    /** The same, with more sheets after the first. */
    static byte[] xlsx(List<List<Object>> rows, List<List<List<Object>>> otherSheets) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            write(workbook.createSheet("Customers"), rows, date);
            for (int i = 0; i < otherSheets.size(); i++) {
                write(workbook.createSheet("Other " + i), otherSheets.get(i), date);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Sheet sheet, List<List<Object>> rows, CellStyle date) {
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r) == null) {
                continue;
            }
            Row row = sheet.createRow(r);
            for (int c = 0; c < rows.get(r).size(); c++) {
                Object value = rows.get(r).get(c);
                if (value == null) {
                    continue;
                }
                Cell cell = row.createCell(c);
                switch (value) {
                    case String text -> cell.setCellValue(text);
                    case Number number -> cell.setCellValue(number.doubleValue());
                    case Boolean flag -> cell.setCellValue(flag);
                    case java.time.LocalDate day -> {
                        cell.setCellValue(day);
                        cell.setCellStyle(date);
                    }
                    default -> throw new IllegalArgumentException("no cell for " + value.getClass());
                }
            }
        }
    }

    /** {@code header} then {@code n} rows {@code person<i>@example.com, First<i>, Last<i>}. */
    static String csv(int n) {
        StringBuilder csv = new StringBuilder("email,firstName,lastName\n");
        for (int i = 1; i <= n; i++) {
            csv.append("person").append(i).append("@example.com,First").append(i).append(",Last").append(i).append('\n');
        }
        return csv.toString();
    }
}
