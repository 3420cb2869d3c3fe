package dev.hubcrm.imports;

import dev.hubcrm.common.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JRuntimeException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The first sheet of an XLSX workbook, read as a stream of SAX events with POI's {@link XSSFReader}
 * and {@link XSSFSheetXMLHandler}: no workbook object model is built, so memory follows the shared
 * strings, not the sheet. Cells come as Excel shows them, except that numbers in the General format
 * are written out in full ({@code 33612345678}, not {@code 3.36E+10}) and dates as ISO-8601, which
 * is what the customer fields expect. Formulas give their cached result.
 */
public final class XlsxSheetReader implements SheetReader {
    /**
     * No part of a 4.5 MB workbook may unpack to more than this (POI's zip-bomb guard also refuses
     * parts that inflate more than 100 times): the shared strings are held in memory.
     */
    static final long MAX_UNPACKED_PART_BYTES = 256L * 1024 * 1024;

    static {
        ZipSecureFile.setMaxEntrySize(MAX_UNPACKED_PART_BYTES);
    }

    @Override
    public void read(byte[] file, RowHandler rows) {
        try {
            readWorkbook(file, rows);
        } catch (ValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever POI trips over in an untrusted file is the file's problem, not a server error.
            throw ValidationException.of("file", "is not a readable XLSX workbook: " + reason(e));
        }
    }

    private void readWorkbook(byte[] file, RowHandler rows) {
        try (OPCPackage workbook = OPCPackage.open(new ByteArrayInputStream(file))) {
            XSSFReader reader = new XSSFReader(workbook);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(workbook, false);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw ValidationException.of("file", "the workbook has no sheet");
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), strings, new Rows(rows),
                        new PlainFormatter(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (IOException | SAXException | OpenXML4JException | OpenXML4JRuntimeException | POIXMLException
                 | org.apache.poi.UnsupportedFileFormatException e) {
            throw ValidationException.of("file", "is not a readable XLSX workbook: " + reason(e));
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser", e);
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        String line = message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }

    /** Collects each row's cells in column order, with empty strings for the cells Excel does not store. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final RowHandler rows;
        private final List<String> cells = new ArrayList<>();

        Rows(RowHandler rows) {
            this.rows = rows;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void cell(String cellReference, String formattedValue, XSSFComment comment) {
            int column = cellReference == null ? cells.size() : new CellReference(cellReference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            if (cells.size() == column) {
                cells.add(formattedValue == null ? "" : formattedValue);
            }
        }

        @Override
        public void endRow(int rowNum) {
            rows.row(rowNum + 1, List.copyOf(cells));
        }
    }

    /** Excel's display, but General numbers in full and dates as ISO-8601. */
    private static final class PlainFormatter extends DataFormatter {
        private static final int GENERAL = 0;

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return formatRawCellContents(value, formatIndex, formatString, false);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime at = DateUtil.getLocalDateTime(value, use1904Windowing);
                return at.toLocalTime().toSecondOfDay() == 0 ? at.toLocalDate().toString() : at.toString();
            }
            if (formatIndex == GENERAL || "General".equalsIgnoreCase(formatString)) {
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    return Double.toString(value);
                }
                return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
            }
            return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
        }
    }
}
