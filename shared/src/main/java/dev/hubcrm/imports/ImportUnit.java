package dev.hubcrm.imports;

import java.util.List;

/**
 * One customer to create or update: the rows of the file that name it (several when they share an
 * email, first row first) and their values merged. The first row's number gives a new customer its id.
 */
public record ImportUnit(List<Integer> rows, ImportedCustomer values) {
    public ImportUnit {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a unit has at least one row");
        }
    }

    public int firstRow() {
        return rows.getFirst();
    }
}
