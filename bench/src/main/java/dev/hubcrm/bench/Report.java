package dev.hubcrm.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The result table: one row per benchmark, measured side by side, with its target and verdict. */
final class Report {
    /** One benchmark: A is what is judged, B its yardstick measured in the same run. */
    record Row(String name, String a, String b, String ratio, String target, String verdict) {
    }

    private static final String[] HEADER = {"benchmark", "A: measured", "B: yardstick", "ratio A/B", "target", "verdict"};

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    void note(String note) {
        notes.add(note);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2fx", value);
    }

    /** PASS when {@code value <= limit}, MISS otherwise, ERROR when there is no value. */
    static String verdict(double value, double limit) {
        return Double.isNaN(value) ? "ERROR" : value <= limit ? "PASS" : "MISS";
    }

    void print(PrintStream out) {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        out.println(line(HEADER, widths));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        for (Row row : rows) {
            out.println(line(cells(row), widths));
        }
        for (String note : notes) {
            out.println("  * " + note);
        }
    }

    private static String[] cells(Row row) {
        return new String[] {row.name(), row.a(), row.b(), row.ratio(), row.target(), row.verdict()};
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", cells[i])).append("  ");
        }
        return line.toString().stripTrailing();
    }
}
