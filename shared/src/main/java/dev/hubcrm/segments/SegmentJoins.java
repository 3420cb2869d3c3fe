package dev.hubcrm.segments;

/**
 * Told each time a customer joins a segment (after the membership is written) or leaves it (after
 * it is removed), so what follows a segment's members (a channel's feed) can bring the newcomer in
 * and take the leaver out.
 */
public interface SegmentJoins {
    SegmentJoins NONE = new SegmentJoins() {
        @Override
        public void joined(String hubId, String segmentId, String customerId) {
        }

        @Override
        public void left(String hubId, String segmentId, String customerId) {
        }

        @Override
        public void segmentDeleted(String hubId, String segmentId) {
        }
    };

    void joined(String hubId, String segmentId, String customerId);

    void left(String hubId, String segmentId, String customerId);

    /** The segment was deleted: its members leave all at once (memberships removed without a leave each). */
    void segmentDeleted(String hubId, String segmentId);
}
