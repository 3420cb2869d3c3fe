package dev.hubcrm.campaigns;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.messages.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a hub's campaigns are kept. */
public interface CampaignRepository {
    void create(String hubId, Campaign campaign);

    Optional<Campaign> find(String hubId, String campaignId);

    /** Newest first. */
    Page<Campaign> list(String hubId, PageRequest page);

    /** Replaces {@code current} by {@code next} if {@code current} is still stored and may change; false otherwise. */
    boolean replace(String hubId, Campaign current, Campaign next);

    /** Deletes the campaign if {@code current} is still stored and may change; false otherwise. */
    boolean delete(String hubId, Campaign current);

    /**
     * Moves {@code current} (a draft or scheduled campaign, still at its version) to sending; false (nothing written)
     * otherwise. Its {@code campaign.started} waits for the first snapshot step ({@link #advanceSnapshot}), so that a
     * start undone ({@link #undoStart}) publishes nothing.
     */
    boolean startSending(String hubId, Campaign current, Instant at);

    /** Scheduled campaigns indexed under one of {@code buckets} and due at or before {@code now}. */
    List<CampaignRef> due(List<String> buckets, Instant now);

    /** A campaign of a hub, as an index names it. */
    record CampaignRef(String hubId, String campaignId) {
    }

    /** Back to draft a campaign whose first snapshot step could not be queued (nothing was recorded yet). */
    void undoStart(String hubId, String campaignId, Instant at);

    /** The recorded status of each of {@code customerIds} that is a recipient already. */
    Map<String, RecipientStatus> recipientStatuses(String hubId, String campaignId, List<String> customerIds);

    /**
     * Records new recipients (queued) and counts them, in one transaction: at most
     * {@link #MAX_NEW_RECIPIENTS}. False when one of them was recorded meanwhile (nothing written).
     */
    boolean addRecipients(String hubId, String campaignId, List<String> customerIds, Instant at);

    /** A transaction's 100 actions less one count per counter item (ADR 34). */
    int MAX_NEW_RECIPIENTS = 84;

    /**
     * Moves the snapshot on from {@code fromCursor} (null: the first page, which puts {@code campaign.started} in the
     * outbox in the same transaction) to {@code nextCursor} (null: done); false when it is not at {@code fromCursor} any
     * more (another delivery moved it) or the campaign is not sending.
     */
    boolean advanceSnapshot(String hubId, String campaignId, String fromCursor, String nextCursor, Instant at);

    Optional<Recipient> recipient(String hubId, String campaignId, String customerId);

    /** What a claim found: the recipient is now the caller's, is finished (or was never recorded), or another delivery holds it. */
    enum Claim { CLAIMED, FINISHED, HELD }

    /**
     * Claims a queued recipient, or one whose lease ran out, until {@code leaseUntil}: one conditional write that
     * also tells, when it is refused, whether the recipient is finished or held (no read before it).
     */
    Claim claim(String hubId, String campaignId, String customerId, Instant now, Instant leaseUntil);

    /** Hands a claimed recipient back to the queue (the mail provider did not take it this time). */
    void release(String hubId, String campaignId, String customerId, Instant at);

    /**
     * Records a claimed recipient as sent with the provider's message id, counts it and writes the
     * customer's message history and the lookup of the provider's message id (for its delivery events), in one transaction.
     */
    void recordSent(String hubId, String campaignId, String customerId, Message message);

    /** Records a recipient as failed (with the reason) or skipped, and counts it. */
    void recordNotSent(String hubId, String campaignId, String customerId, RecipientStatus status, String reason, Instant at);

    /**
     * Marks the campaign sent once every recipient is recorded and none is left to send, with
     * {@code campaign.sent} in the outbox in the same transaction; false (nothing written) otherwise.
     */
    boolean finishIfDone(String hubId, String campaignId, Instant at);

    /** A page of recipients in customer id order, only those with {@code status} when given. */
    Page<Recipient> recipients(String hubId, String campaignId, RecipientStatus status, PageRequest page);

    /**
     * Counts a recipient's unsubscribe once and writes it to the customer's message history and
     * {@code customer.unsubscribed} to the outbox, in one transaction; false (nothing written) when it was counted before or the customer is no recipient.
     */
    boolean recordUnsubscribe(String hubId, String campaignId, String customerId, Message entry);
}
