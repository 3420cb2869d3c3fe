package dev.hubcrm.campaigns;

import java.time.Instant;

/**
 * A mail to a segment. Once sent ({@link CampaignStatus#SENDING}), the recipients are the segment's
 * consenting members at that moment, recorded a page at a time ({@code snapshotCursor}: the member
 * list's cursor of the next page to record; {@code snapshotDone} once all are), counted in {@code stats}.
 */
public record Campaign(String id, String name, String segmentId, String subject, String text, String html,
        CampaignStatus status, CampaignStats stats, String snapshotCursor, boolean snapshotDone, Instant sendStartedAt,
        Instant createdAt, Instant updatedAt, long version) {
    public static final String ID_PREFIX = "cmp";

    public CampaignDraft draft() {
        return new CampaignDraft(name, segmentId, subject, text, html);
    }

    /** This campaign with the writable part replaced, one version later. */
    public Campaign with(CampaignDraft draft, Instant now) {
        return new Campaign(id, draft.name(), draft.segmentId(), draft.subject(), draft.text(), draft.html(), status, stats,
                snapshotCursor, snapshotDone, sendStartedAt, createdAt, now, version + 1);
    }
}
