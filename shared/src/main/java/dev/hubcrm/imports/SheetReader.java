package dev.hubcrm.imports;

import java.util.List;

/** Reads the rows of an uploaded file in order, every cell as text. */
public interface SheetReader {

    /** Receives one row: its number as a spreadsheet shows it (the first row is 1) and its cells, left to right. */
    @FunctionalInterface
    interface RowHandler {
        void row(int number, List<String> cells);
    }

    /**
     * Calls {@code rows} for every row of the file (of its first sheet), blank rows included.
     *
     * @throws dev.hubcrm.common.ValidationException (field {@code file}) when the file cannot be read as this format
     */
    void read(byte[] file, RowHandler rows);

    static SheetReader of(ImportFormat format) {
        return switch (format) {
            case CSV -> new CsvSheetReader();
            // POI is on the class path of the imports function only: load it only when an XLSX comes.
            case XLSX -> new XlsxSheetReader();
        };
    }
}
