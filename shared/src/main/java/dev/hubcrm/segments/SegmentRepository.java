package dev.hubcrm.segments;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where segments, their compiled catalogue, their members and the refresh index are kept. Every
 * method acts inside one hub.
 */
public interface SegmentRepository {

    /** Stores a new segment and adds its rule to the hub's catalogue; false when the hub has {@code maxSegments} already. */
    boolean create(String hubId, Segment segment, int maxSegments);

    Optional<Segment> find(String hubId, String segmentId);

    Page<Segment> list(String hubId, PageRequest page);

    /** Replaces {@code current} by {@code next} (and its catalogue rule) if {@code current} is still stored; false otherwise. */
    boolean replace(String hubId, Segment current, Segment next);

    /** Deletes the segment and its catalogue rule if {@code current} is still stored; members go later ({@link #removeAllMembers}). */
    boolean delete(String hubId, Segment current);

    /**
     * The rules of all the hub's segments in one read, by segment id: what the evaluator needs for
     * each customer change.
     */
    Map<String, CatalogueEntry> catalogue(String hubId);

    /** A segment's rule and generation as the catalogue holds them. */
    record CatalogueEntry(String ruleJson, long generation) {
    }

    /** Makes the customer a member, if it is still at {@code customerVersion} (otherwise its newer version decides). */
    void putMember(String hubId, String segmentId, String customerId, long customerVersion);

    /** Removes the membership, if the customer is still at {@code customerVersion} ({@code null}: if it is still deleted). */
    void removeMember(String hubId, String segmentId, String customerId, Long customerVersion);

    /** The member customer ids of the segment between two ids (both inclusive; null: open). */
    List<String> memberIds(String hubId, String segmentId, String fromId, String toId);

    /** A page of member customer ids, in id order. */
    Page<String> memberIds(String hubId, String segmentId, PageRequest page);

    /** Removes every membership of a deleted segment. */
    void removeAllMembers(String hubId, String segmentId);

    /**
     * Records backfill progress of {@code generation}: the list cursor after the last customer
     * evaluated (null when all are done, which makes the segment ready).
     *
     * @return false when the segment moved on (another generation, or this step was recorded already)
     */
    boolean recordProgress(String hubId, String segmentId, long generation, String fromCursor, String nextCursor, long processed);

    /** Sets (or, with null, clears) when the customer must next be re-evaluated because time alone moves a condition. */
    void scheduleRefresh(String hubId, String customerId, Instant dueAt);

    /** A customer due for re-evaluation. */
    record Due(String hubId, String customerId, Instant dueAt) {
    }

    /**
     * Customers due at or before {@code until}, of all hubs, from the refresh index's day buckets
     * since {@code since}: every shard of each day.
     */
    List<Due> due(Instant since, Instant until);
}
