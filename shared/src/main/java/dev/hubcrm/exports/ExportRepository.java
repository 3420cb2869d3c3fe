package dev.hubcrm.exports;

import java.time.Instant;
import java.util.Optional;

/** Where exports and their progress are kept, in the hub's partition. */
public interface ExportRepository {

    /**
     * Records a new export and makes it the hub's current export for its filter ({@code filterKey}),
     * the one {@link #current} answers while it is unfinished.
     */
    void create(String hubId, ExportJob job, String filterKey);

    Optional<ExportJob> find(String hubId, String exportId);

    /** The id of the last export created for this filter, if any. */
    Optional<String> current(String hubId, String filterKey);

    /** queued or running → running, counting from 0 again (a worker starting over); false in any other status. */
    boolean start(String hubId, String exportId, Instant at);

    /** The customers written so far, while it runs. */
    void progress(String hubId, String exportId, long processed, Instant at);

    /** running → done with every customer counted. */
    void finish(String hubId, String exportId, long processed, Instant at);

    /** queued or running → failed with the reason; does nothing once finished. */
    void fail(String hubId, String exportId, String reason, Instant at);
}
