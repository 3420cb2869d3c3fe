package dev.hubcrm.campaigns;

import java.time.Instant;

/**
 * A mail to a segment. Once sent ({@link CampaignStatus#SENDING}), the recipients are the segment's
 * consenting members at that moment, recorded a page at a time ({@code snapshotCursor}: the member
 * list's cursor of the next page to record; {@code snapshotDone} once all are), counted in {@code stats}.
 * A scheduled campaign is started by the sweep at {@code scheduledAt}.
 */
public record Campaign(String id, String name, String segmentId, String subject, String text, String html,
        CampaignStatus status, CampaignStats stats, String snapshotCursor, boolean snapshotDone, Instant sendStartedAt,
        Instant scheduledAt, Instant createdAt, Instant updatedAt, long version) {
    public static final String ID_PREFIX = "cmp";

    public CampaignDraft draft() {
        return new CampaignDraft(name, segmentId, subject, text, html);
    }

    /** This campaign with the writable part replaced, one version later. */
    public Campaign with(CampaignDraft draft, Instant now) {
        return new Campaign(id, draft.name(), draft.segmentId(), draft.subject(), draft.text(), draft.html(), status, stats,
                snapshotCursor, snapshotDone, sendStartedAt, scheduledAt, createdAt, now, version + 1);
    }

    /** This campaign scheduled (again) to start at {@code at}, one version later. */
    public Campaign scheduled(Instant at, Instant now) {
        return new Campaign(id, name, segmentId, subject, text, html, CampaignStatus.SCHEDULED, stats, snapshotCursor, snapshotDone,
                sendStartedAt, at, createdAt, now, version + 1);
    }

    /** This campaign cancelled (it never starts), one version later. */
    public Campaign cancelled(Instant now) {
        return new Campaign(id, name, segmentId, subject, text, html, CampaignStatus.CANCELLED, stats, snapshotCursor, snapshotDone,
                sendStartedAt, null, createdAt, now, version + 1);
    }

    /** This campaign with {@code stats} as its counts (the store's counter items summed). */
    public Campaign withStats(CampaignStats counts) {
        return new Campaign(id, name, segmentId, subject, text, html, status, counts, snapshotCursor, snapshotDone, sendStartedAt,
                scheduledAt, createdAt, updatedAt, version);
    }
}
