package dev.hubcrm.campaigns;

import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.PreconditionFailedException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import dev.hubcrm.segments.SegmentService;
import java.time.Clock;
import dev.hubcrm.mail.MailNotSentException;
import dev.hubcrm.messages.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A hub's campaigns: drafts whose templates are checked when written, a preview for one customer,
 * and a test mail. Only drafts and scheduled campaigns change (a 409 otherwise).
 */
public final class CampaignService {
    public static final int MAX_NAME_LENGTH = 200;
    private static final int WRITE_ATTEMPTS = 5;
    /** How far ahead a campaign may be scheduled. */
    public static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(365);
    /** What the history and a status change (none: consent is no status) say of an unsubscribe. */
    static final String UNSUBSCRIBE_CAUSE = "unsubscribe";

    private final CampaignRepository repository;
    private final SegmentService segments;
    private final CustomerService customers;
    private final HubService hubs;
    private final CampaignMail mail;
    private final CampaignSending sending;
    private final Quotas quotas;
    private final Clock clock;

    public CampaignService(CampaignRepository repository, SegmentService segments, CustomerService customers, HubService hubs,
            CampaignMail mail, CampaignSending sending, Quotas quotas, Clock clock) {
        this.repository = repository;
        this.segments = segments;
        this.customers = customers;
        this.hubs = hubs;
        this.mail = mail;
        this.sending = sending;
        this.quotas = quotas;
        this.clock = clock;
    }

    public Campaign create(String hubId, CampaignDraft draft) {
        CampaignDraft valid = valid(hubId, draft);
        Instant now = clock.instant();
        Campaign campaign = new Campaign(Ids.newId(Campaign.ID_PREFIX), valid.name(), valid.segmentId(), valid.subject(),
                valid.text(), valid.html(), CampaignStatus.DRAFT, CampaignStats.NONE, null, false, null, null, now, now, 1);
        repository.create(hubId, campaign);
        return campaign;
    }

    public Campaign get(String hubId, String campaignId) {
        if (!Ids.looksLike(Campaign.ID_PREFIX, campaignId)) {
            throw notFound(campaignId);
        }
        return repository.find(hubId, campaignId).orElseThrow(() -> notFound(campaignId));
    }

    public Page<Campaign> list(String hubId, PageRequest page) {
        return repository.list(hubId, page);
    }

    /** Applies {@code change} to the current draft, retrying when a concurrent write came first. */
    public Campaign update(String hubId, String campaignId, UnaryOperator<CampaignDraft> change) {
        return change(hubId, campaignId, current -> current.with(valid(hubId, change.apply(current.draft())), clock.instant()));
    }

    /**
     * Schedules a draft or scheduled campaign (again) to start at {@code at}: after now and at most
     * {@link #MAX_SCHEDULE_AHEAD} ahead (a 422 on {@code at} otherwise); the sweep starts it then.
     */
    public Campaign schedule(String hubId, String campaignId, Instant at) {
        Instant now = clock.instant();
        if (!at.isAfter(now) || at.isAfter(now.plus(MAX_SCHEDULE_AHEAD))) {
            throw ValidationException.of("at", "must be in the future, at most " + MAX_SCHEDULE_AHEAD.toDays() + " days ahead");
        }
        return change(hubId, campaignId, current -> current.scheduled(at, clock.instant()));
    }

    /** Cancels a draft or scheduled campaign: it never starts. Once it has started, a 409. */
    public Campaign cancel(String hubId, String campaignId) {
        return change(hubId, campaignId, current -> current.cancelled(clock.instant()));
    }

    /** Replaces the current campaign (a draft or scheduled one) by {@code change} of it, retrying when a concurrent write came first. */
    private Campaign change(String hubId, String campaignId, UnaryOperator<Campaign> change) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Campaign current = changeable(get(hubId, campaignId));
            Campaign next = change.apply(current);
            if (repository.replace(hubId, current, next)) {
                return next;
            }
        }
        throw new PreconditionFailedException("the campaign kept changing; read it again and retry");
    }

    public void delete(String hubId, String campaignId) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            if (repository.delete(hubId, changeable(get(hubId, campaignId)))) {
                return;
            }
        }
        throw new PreconditionFailedException("the campaign kept changing; read it again and retry");
    }

    /** The campaign as {@code customerId} of the hub would get it. */
    public CampaignTemplates.Rendered preview(String hubId, String campaignId, String customerId) {
        Campaign campaign = get(hubId, campaignId);
        Customer customer;
        try {
            customer = customers.get(hubId, customerId);
        } catch (NotFoundException e) {
            throw ValidationException.of("customerId", "is not a customer of this hub");
        }
        return mail.render(hubs.get(hubId), campaign, customer);
    }

    /**
     * Sends the campaign once to {@code to}, rendered without a customer; not counted and with no unsubscribe
     * effect. Counts against the hub's {@link Quota#CAMPAIGN_TEST_MAILS}.
     */
    public String test(String hubId, String campaignId, String to) {
        Campaign campaign = get(hubId, campaignId);
        quotas.take(hubId, Quota.CAMPAIGN_TEST_MAILS);
        Hub hub = hubs.get(hubId);
        CampaignTemplates.Rendered rendered = CampaignTemplates.render(compiled(campaign), mail.values(hub, null, mail.testUnsubscribeUrl()));
        try {
            return mail.send(hub, to, new CampaignTemplates.Rendered("[Test] " + rendered.subject(), rendered.text(), rendered.html()),
                    mail.testUnsubscribeUrl());
        } catch (MailNotSentException e) {
            if (e.retryable()) {
                throw e;
            }
            throw ValidationException.of("to", "was refused by the mail provider: " + e.getMessage());
        }
    }

    /**
     * Starts sending the campaign to its segment's consenting members; a second send sends nothing (409).
     * Counts against the hub's {@link Quota#CAMPAIGN_SENDS}.
     */
    public Campaign send(String hubId, String campaignId) {
        Campaign campaign = get(hubId, campaignId);
        quotas.take(hubId, Quota.CAMPAIGN_SENDS);
        return sending.start(hubId, campaign);
    }

    /** A page of the campaign's recipients, only those with {@code status} when given. */
    public Page<Recipient> recipients(String hubId, String campaignId, RecipientStatus status, PageRequest page) {
        return repository.recipients(hubId, get(hubId, campaignId).id(), status, page);
    }

    /** The name of the hub whose marketing the token's customer would leave; a forged or altered token is a 404. */
    public String unsubscribePage(String token) {
        UnsubscribeLinks.Recipient recipient = verified(token);
        return hubs.get(recipient.hubId()).name();
    }

    /**
     * Turns the token's customer's marketing consent off (again: nothing changes) and, the first time
     * for a recipient of the campaign, counts it in the campaign's stats and records it on the
     * customer's message history (their timeline) with the campaign, and puts
     * {@code customer.unsubscribed} in the outbox. Answers the hub's name.
     */
    public String unsubscribe(String token) {
        UnsubscribeLinks.Recipient recipient = verified(token);
        customers.update(recipient.hubId(), recipient.customerId(), customer -> customer.draft().withMarketingConsent(false),
                ExpectedVersion.ANY, UNSUBSCRIBE_CAUSE);
        repository.recordUnsubscribe(recipient.hubId(), recipient.campaignId(), recipient.customerId(), new Message(
                Ids.newId(Message.ID_PREFIX), recipient.customerId(), Message.EMAIL, UNSUBSCRIBE_CAUSE, null, null,
                Message.UNSUBSCRIBED, clock.instant(), recipient.campaignId()));
        return hubs.get(recipient.hubId()).name();
    }

    private UnsubscribeLinks.Recipient verified(String token) {
        UnsubscribeLinks.Recipient recipient = mail.links().verify(token)
                .orElseThrow(() -> new NotFoundException("no such unsubscribe link"));
        customers.get(recipient.hubId(), recipient.customerId());
        return recipient;
    }

    static CampaignTemplates.Compiled compiled(Campaign campaign) {
        return CampaignTemplates.compile(campaign.subject(), campaign.text(), campaign.html());
    }

    private CampaignDraft valid(String hubId, CampaignDraft draft) {
        String name = draft.name() == null ? null : draft.name().strip();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ValidationException.of("name", "is required, 1-" + MAX_NAME_LENGTH + " characters");
        }
        if (draft.subject() == null || draft.subject().isBlank()) {
            throw ValidationException.of("subject", "is required");
        }
        if (draft.text() == null || draft.text().isBlank()) {
            throw ValidationException.of("text", "is required: every campaign has a plain-text part");
        }
        CampaignTemplates.compile(draft.subject(), draft.text(), draft.html());
        try {
            segments.get(hubId, draft.segmentId());
        } catch (NotFoundException e) {
            throw ValidationException.of("segmentId", "is not a segment of this hub");
        }
        return new CampaignDraft(name, draft.segmentId(), draft.subject(), draft.text(), draft.html());
    }

    private static Campaign changeable(Campaign campaign) {
        if (!campaign.status().changeable()) {
            throw new ConflictException("campaign " + campaign.id() + " is " + campaign.status().wire()
                    + "; only draft and scheduled campaigns change");
        }
        return campaign;
    }

    private static NotFoundException notFound(String campaignId) {
        return new NotFoundException("no campaign " + Ids.shorten(campaignId));
    }
}
