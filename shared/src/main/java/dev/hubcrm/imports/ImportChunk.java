package dev.hubcrm.imports;

import java.util.List;

/** One queue message of an import: up to {@link ImportService#CHUNK_ROWS} units, numbered from 0 within the import. */
public record ImportChunk(String hubId, String importId, int number, List<ImportUnit> units) {
    public ImportChunk {
        units = List.copyOf(units);
    }

    /** The file rows this chunk accounts for. */
    public int rows() {
        return units.stream().mapToInt(unit -> unit.rows().size()).sum();
    }
}
