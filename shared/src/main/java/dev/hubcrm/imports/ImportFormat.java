package dev.hubcrm.imports;

import java.util.Locale;
import java.util.Set;

/**
 * The file formats an import reads, told apart by the declared {@code Content-Type} and by the
 * file's first bytes: an XLSX workbook is a zip ({@code PK\3\4}), whatever a browser called it.
 */
public enum ImportFormat {
    CSV,
    XLSX;

    public static final String CSV_MEDIA_TYPE = "text/csv";
    public static final String XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Types under which clients send CSV; Windows browsers with Excel installed label .csv files as vnd.ms-excel. */
    private static final Set<String> CSV_TYPES = Set.of(CSV_MEDIA_TYPE, "application/csv", "text/comma-separated-values",
            "text/plain", "application/vnd.ms-excel");
    /** Types that say nothing about the content: the zip signature decides. */
    private static final Set<String> OPAQUE_TYPES = Set.of("application/octet-stream", "application/zip",
            "application/x-zip-compressed", "binary/octet-stream");
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    /** OLE2 compound file: a legacy .xls, or an .xlsx protected by a password. */
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format of an upload.
     *
     * @param contentType the request's {@code Content-Type}, or null
     * @throws UnsupportedFileException for anything that is neither CSV nor XLSX
     */
    public static ImportFormat detect(String contentType, byte[] file) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (startsWith(file, OLE2)) {
            throw new UnsupportedFileException("this is a legacy .xls workbook or a password-protected one: save it as"
                    + " .xlsx without a password, or as CSV (UTF-8), and import that");
        }
        boolean zip = startsWith(file, ZIP);
        if (media.equals(XLSX_MEDIA_TYPE) || zip && (CSV_TYPES.contains(media) || OPAQUE_TYPES.contains(media) || media.isEmpty())) {
            return XLSX;
        }
        if (CSV_TYPES.contains(media)) {
            return CSV;
        }
        throw new UnsupportedFileException((media.isEmpty() ? "the request has no Content-Type"
                : "Content-Type " + media + " is not an import format") + ": send the file as " + CSV_MEDIA_TYPE
                + " (UTF-8) or as " + XLSX_MEDIA_TYPE);
    }

    private static boolean startsWith(byte[] file, byte[] signature) {
        if (file.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (file[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
