package dev.hubcrm.campaigns;

import dev.hubcrm.customers.CustomerEngagement;
import dev.hubcrm.customers.Suppression;
import dev.hubcrm.mail.SesEvent;
import dev.hubcrm.messages.DeliveryEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What SES says happened to campaign mail (delivered, opened, clicked, bounced, complained), each
 * recorded once per mail and event on the customer's message history, timeline and the campaign's
 * stats, whatever order and however often the events arrive. A hard bounce or a complaint suppresses
 * the customer's address for the hub; a hard bounce's suppression puts {@code message.bounced} in the outbox.
 */
public final class CampaignMailEvents {
    /** What became of one event. */
    public enum Outcome {
        RECORDED,
        /** Recorded before: counted nothing. */
        REPEATED,
        /** Not a recorded event type, or not about a campaign mail of a hub. */
        IGNORED
    }

    private final MailEventRepository repository;
    private final CustomerEngagement engagement;
    private final Clock clock;

    public CampaignMailEvents(MailEventRepository repository, CustomerEngagement engagement, Clock clock) {
        this.repository = repository;
        this.engagement = engagement;
        this.clock = clock;
    }

    /** The tags a campaign mail carries, so that its events name the hub. */
    static Map<String, String> tags(String hubId) {
        return Map.of(SesEvent.HUB_TAG, hubId);
    }

    public Outcome record(SesEvent event) {
        Optional<DeliveryEvent> kind = event.deliveryEvent();
        if (kind.isEmpty() || event.hubId() == null) {
            return Outcome.IGNORED;
        }
        Optional<MailEventRepository.SentMail> mail = repository.sentMail(event.hubId(), event.messageId());
        if (mail.isEmpty()) {
            return Outcome.IGNORED;
        }
        Instant at = event.at() == null ? clock.instant() : event.at();
        boolean recorded = repository.record(event.hubId(), event.messageId(), mail.get(), kind.get(), at);
        // also on a repeat, which finishes what a crash left; the customer's engagement is itself recorded once
        engagement.record(event.hubId(), mail.get().customerId(), mail.get().campaignId(), kind.get().status());
        if (kind.get().suppresses() && !mail.get().suppressed()) {
            suppress(event.hubId(), event.messageId(), mail.get(), kind.get(), at);
        }
        return recorded ? Outcome.RECORDED : Outcome.REPEATED;
    }

    private void suppress(String hubId, String providerMessageId, MailEventRepository.SentMail mail, DeliveryEvent kind, Instant at) {
        Suppression.Reason reason = kind == DeliveryEvent.BOUNCED ? Suppression.Reason.BOUNCE : Suppression.Reason.COMPLAINT;
        repository.suppress(hubId, providerMessageId, mail, new Suppression(reason, at, mail.campaignId()));
    }
}
