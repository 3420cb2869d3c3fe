package dev.hubcrm.campaigns;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.imports.ImportQueue;
import dev.hubcrm.mail.MailNotSentException;
import dev.hubcrm.messages.Message;
import dev.hubcrm.pacing.CampaignTokens;
import dev.hubcrm.pacing.SendPacing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Sending a campaign, every recipient exactly once (ADR 20). {@link #start} turns the campaign
 * {@code sending} and queues the first snapshot step; each {@link #snapshot} step records one page of
 * the segment's consenting, unsuppressed members as queued recipients (counted in the same transaction), queues a
 * delivery for each and the next step; each {@link Round#deliver} claims its recipient with a conditional
 * write, sends, and records SES's message id, the count and the customer's message history in one
 * transaction. A crash between SES taking the mail and that transaction is the one way to a second
 * mail: the claim's lease runs out and a redelivery sends again.
 */
public final class CampaignSending {
    /** Members read per snapshot step: as many as one transaction records with the counter. */
    static final int SNAPSHOT_PAGE = CampaignRepository.MAX_NEW_RECIPIENTS;
    /** How long a claim keeps other deliveries off a recipient unless configured: longer than a sender invocation may run. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    public static final String TEMPLATE = "campaign";

    private final CampaignRepository repository;
    private final CustomerService customers;
    private final HubService hubs;
    private final CampaignMail mail;
    private final SendPacing pacing;
    private final Supplier<ImportQueue> queue;
    private final Duration lease;
    private final Clock clock;

    /** @param lease how long a claim keeps other deliveries off a recipient; a claim left by a dead invocation is taken again after it */
    public CampaignSending(CampaignRepository repository, CustomerService customers, HubService hubs, CampaignMail mail,
            SendPacing pacing, Supplier<ImportQueue> queue, Duration lease, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.hubs = hubs;
        this.mail = mail;
        this.pacing = pacing;
        this.queue = queue;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * The claim lease from configuration: whole seconds, above 0; unset or blank, {@link #DEFAULT_LEASE}. It must
     * outlast a sender invocation (else a slow delivery's recipient is claimed and sent again while it is still
     * sending) and should not outlast the queue's visibility timeout (else a redelivery finds the claim held and waits
     * another timeout).
     */
    public static Duration configuredLease(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_LEASE;
        }
        try {
            long value = Long.parseLong(seconds.strip());
            if (value > 0) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException notANumber) {
            // refused below, as a value out of range is
        }
        throw new IllegalArgumentException("the campaign claim lease is a whole number of seconds above 0: '" + seconds + "'");
    }

    /**
     * What a delivery did. {@code HANDED_BACK}: SES refused the mail for now (throttling or its 5xx, after
     * the SDK's retries), nothing was sent and the recipient is queued again: the task is to come back.
     */
    public enum Outcome { SENT, FAILED, SKIPPED, ALREADY_DONE, HANDED_BACK }

    /** Starts sending; a campaign already sending, sent or cancelled sends nothing more (409). */
    public Campaign start(String hubId, Campaign current) {
        if (!current.status().changeable() || !repository.startSending(hubId, current, clock.instant())) {
            throw new ConflictException("campaign " + current.id() + " is " + repository.find(hubId, current.id())
                    .map(c -> c.status().wire()).orElse("gone") + "; it is sent once, and a second send sends nothing");
        }
        try {
            queue.get().send(List.of(CampaignJson.message(new CampaignTask.Snapshot(hubId, current.id(), null))));
        } catch (RuntimeException e) {
            repository.undoStart(hubId, current.id(), clock.instant());
            throw e;
        }
        return repository.find(hubId, current.id()).orElseThrow();
    }

    /**
     * Starts every scheduled campaign due by now, found through the due index (every shard of the
     * last {@link CampaignDue#LOOKBACK}), through {@link #start}: its conditional write lets one
     * start win, so a campaign another sweep or a manual send started meanwhile starts nothing more.
     * Answers how many this run started.
     */
    public int sweep() {
        Instant now = clock.instant();
        int started = 0;
        for (CampaignRepository.CampaignRef due : repository.due(CampaignDue.buckets(now), now)) {
            Optional<Campaign> found = repository.find(due.hubId(), due.campaignId());
            if (found.isEmpty() || found.get().status() != CampaignStatus.SCHEDULED || found.get().scheduledAt().isAfter(now)) {
                continue;
            }
            try {
                start(due.hubId(), found.get());
                started++;
            } catch (ConflictException e) {
                // another sweep, a manual send, a reschedule or a cancel came first: nothing to start
            }
        }
        return started;
    }

    /**
     * Records the recipients of one page of members and queues their deliveries and the next page. A
     * step delivered again (or a page the snapshot moved past) records nothing twice: recipients are
     * conditional puts, and the deliveries it queues again find their recipient done or claimed.
     */
    public void snapshot(CampaignTask.Snapshot task) {
        Optional<Campaign> found = repository.find(task.hubId(), task.campaignId());
        if (found.isEmpty() || found.get().status() != CampaignStatus.SENDING || found.get().snapshotDone()
                || !Objects.equals(found.get().snapshotCursor(), task.cursor())) {
            return;
        }
        Campaign campaign = found.get();
        Page<Customer> page = customers.list(task.hubId(), CustomerFilter.NONE.inSegment(campaign.segmentId()),
                new PageRequest(SNAPSHOT_PAGE, task.cursor()));
        List<String> eligible = page.items().stream().filter(CampaignSending::reachable).map(Customer::id).toList();
        Map<String, RecipientStatus> recorded = repository.recipientStatuses(task.hubId(), campaign.id(), eligible);
        List<String> fresh = eligible.stream().filter(id -> !recorded.containsKey(id)).toList();
        if (!repository.addRecipients(task.hubId(), campaign.id(), fresh, clock.instant())) {
            throw new IllegalStateException("recipients of campaign " + campaign.id() + " were recorded meanwhile; the step runs again");
        }
        List<String> messages = new ArrayList<>();
        eligible.stream().filter(id -> !recorded.containsKey(id) || !recorded.get(id).finished())
                .forEach(id -> messages.add(CampaignJson.message(new CampaignTask.Delivery(task.hubId(), campaign.id(), id))));
        if (page.nextCursor() != null) {
            messages.add(CampaignJson.message(new CampaignTask.Snapshot(task.hubId(), campaign.id(), page.nextCursor())));
        }
        // Queued before the snapshot moves on: a crash in between runs this step again, never skips the next.
        queue.get().send(messages);
        if (repository.advanceSnapshot(task.hubId(), campaign.id(), task.cursor(), page.nextCursor(), clock.instant())
                && page.nextCursor() == null) {
            finishIfDone(task.hubId(), campaign.id());
        }
    }

    /** A round of deliveries, as one sender invocation works them: each campaign and hub it sends for is read once. */
    public Round round() {
        return new Round();
    }

    /**
     * Deliveries that share their reads of campaigns and hubs (a campaign's content no longer changes once it is
     * sending, and a hub's name and sender a round uses are at most one invocation old), their send tokens (taken for
     * all that wait at once) and the check whether their campaigns are done ({@link #finish}, once per round).
     */
    public final class Round {
        private final Map<String, CompletableFuture<Optional<Campaign>>> campaignReads = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Hub>> hubReads = new ConcurrentHashMap<>();
        private final CampaignTokens tokens = pacing.campaignTokens();
        private final Set<CampaignRepository.CampaignRef> worked = ConcurrentHashMap.newKeySet();

        private Round() {
        }

        /**
         * Sends the campaign to one recipient unless it is done already. The claim comes first, so that a finished
         * recipient costs one write and no token. A retryable refusal (throttling, SES's 5xx) hands the recipient back
         * ({@link Outcome#HANDED_BACK}), so that its message comes back later; a final one records it failed with SES's reason.
         *
         * @throws MailNotSentException retryable: no send token within {@link SendPacing#MAX_WAIT}, deliver again later
         * @throws IllegalStateException another delivery holds the recipient: deliver again later
         */
        public Outcome deliver(CampaignTask.Delivery task) {
            Optional<Campaign> campaign = once(campaignReads, task.hubId() + "/" + task.campaignId(),
                    () -> repository.find(task.hubId(), task.campaignId()));
            if (campaign.isEmpty()) {
                return Outcome.ALREADY_DONE;
            }
            worked.add(new CampaignRepository.CampaignRef(task.hubId(), task.campaignId()));
            Instant now = clock.instant();
            switch (repository.claim(task.hubId(), task.campaignId(), task.customerId(), now, now.plus(lease))) {
                case FINISHED -> {
                    return Outcome.ALREADY_DONE;
                }
                case HELD -> throw new IllegalStateException("recipient " + task.customerId() + " of campaign " + task.campaignId()
                        + " is claimed by another delivery");
                case CLAIMED -> {
                    // this delivery's until the lease runs out
                }
            }
            Optional<Customer> customer;
            try {
                customer = customer(task.hubId(), task.customerId());
                if (customer.isPresent() && reachable(customer.get())) {
                    // A token of the hub's share and one of the platform's (ADR 27): the mail then goes to the provider as it is.
                    tokens.await(task.hubId());
                }
            } catch (RuntimeException unread) {
                // No token in time, or the customer not read: the recipient goes back to the queue at once, not after its lease.
                release(task);
                throw unread;
            }
            if (customer.isEmpty() || !reachable(customer.get())) {
                return notSent(task, RecipientStatus.SKIPPED, null);
            }
            CampaignMail.Sent sent;
            try {
                sent = mail.send(once(hubReads, task.hubId(), () -> hubs.get(task.hubId())), campaign.get(), customer.get());
            } catch (MailNotSentException e) {
                if (!e.retryable()) {
                    return notSent(task, RecipientStatus.FAILED, e.getMessage());
                }
                release(task);
                return Outcome.HANDED_BACK;
            } catch (RuntimeException e) {
                release(task);
                throw e;
            }
            // The window of ADR 20: SES has the mail; until this transaction, a crash leaves the claim to run out.
            repository.recordSent(task.hubId(), task.campaignId(), task.customerId(), new Message(Ids.newId(Message.ID_PREFIX),
                    task.customerId(), Message.EMAIL, TEMPLATE, sent.subject(), sent.messageId(), Message.SENT, clock.instant(),
                    task.campaignId()));
            return Outcome.SENT;
        }

        /**
         * Turns {@code sent} each campaign of this round that has no recipient left: once a round, after all its
         * deliveries, rather than after each. Whichever round records a campaign's last recipient finds it done, as
         * does a redelivery of a delivery whose invocation died between its record and this check.
         */
        public void finish() {
            worked.forEach(campaign -> finishIfDone(campaign.hubId(), campaign.campaignId()));
        }
    }

    /**
     * The value of {@code key}, read by the first caller while the others wait for it (a future, not a lock held over
     * the read: the round's virtual threads wait without pinning their carriers); a failed read is tried again by the next.
     */
    private static <V> V once(Map<String, CompletableFuture<V>> memo, String key, Supplier<V> read) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> first = memo.putIfAbsent(key, mine);
        if (first != null) {
            return first.join();
        }
        try {
            V value = read.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException e) {
            memo.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private void release(CampaignTask.Delivery task) {
        repository.release(task.hubId(), task.campaignId(), task.customerId(), clock.instant());
    }

    private Outcome notSent(CampaignTask.Delivery task, RecipientStatus status, String reason) {
        repository.recordNotSent(task.hubId(), task.campaignId(), task.customerId(), status, reason, clock.instant());
        return status == RecipientStatus.FAILED ? Outcome.FAILED : Outcome.SKIPPED;
    }

    /** The campaign turns {@code sent} once, by whichever step finished its last recipient (its outbox has {@code campaign.sent}). */
    private void finishIfDone(String hubId, String campaignId) {
        repository.finishIfDone(hubId, campaignId, clock.instant());
    }

    private Optional<Customer> customer(String hubId, String customerId) {
        try {
            return Optional.of(customers.get(hubId, customerId));
        } catch (NotFoundException deleted) {
            return Optional.empty();
        }
    }

    /** Campaign mail goes to customers who consent to marketing and have an address that is not suppressed. */
    static boolean reachable(Customer customer) {
        return customer.marketingConsent() && customer.email() != null && customer.suppressed() == null;
    }
}
