package dev.hubcrm.segments;

/**
 * Told each time a customer joins a segment (after the membership is written), so what follows a
 * segment's members (a channel's feed) can bring the newcomer in. Leaving needs no call: readers
 * check the membership.
 */
public interface SegmentJoins {
    SegmentJoins NONE = (hubId, segmentId, customerId) -> { };

    void joined(String hubId, String segmentId, String customerId);
}
