package dev.hubcrm.imports;

import java.util.List;

/**
 * A parsed and checked file: every data row is either in one unit or in {@code errors}.
 *
 * @param total the data rows of the file (blank rows and the header not counted)
 * @param ignoredColumns headers of the columns that are not imported
 */
public record ImportPlan(int total, List<ImportUnit> units, List<RowError> errors, List<String> ignoredColumns) {
    public ImportPlan {
        units = List.copyOf(units);
        errors = List.copyOf(errors);
        ignoredColumns = List.copyOf(ignoredColumns);
    }
}
