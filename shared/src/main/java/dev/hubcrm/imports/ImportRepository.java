package dev.hubcrm.imports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where imports and their progress are kept, in the hub's partition. */
public interface ImportRepository {

    void create(String hubId, ImportJob job);

    Optional<ImportJob> find(String hubId, String importId);

    /** queued → running; does nothing in any other status. */
    void markRunning(String hubId, String importId, Instant at);

    /** Whether chunk {@code number} of the import has been counted. */
    boolean chunkCounted(String hubId, String importId, int number);

    /** The rows of one chunk: how many were processed and what became of them. */
    record ChunkCounts(long processed, long created, long updated, long failed, List<RowError> errors) {
        public ChunkCounts {
            errors = List.copyOf(errors);
        }
    }

    enum ChunkWrite { COUNTED, ALREADY_COUNTED }

    /**
     * Marks the chunk counted and adds its counts and errors to the import in one conditional write,
     * so that a chunk delivered twice is counted once. Errors beyond the listed maximum are counted
     * in {@code errorsOmitted}.
     */
    ChunkWrite countChunk(String hubId, String importId, int number, ChunkCounts counts, Instant at);

    /** running/queued → done once every row is processed; does nothing otherwise. */
    void finishIfComplete(String hubId, String importId, Instant at);

    /** → failed, with the reason as an error of row 0 (the whole file). */
    void markFailed(String hubId, String importId, String reason, Instant at);
}
