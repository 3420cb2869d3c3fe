package dev.hubcrm.campaigns;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.Json;
import dev.hubcrm.mail.SesEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * ses-events: one SES event (the EventBridge event's {@code detail}, from the configuration set's
 * destination) recorded through {@link CampaignMailEvents}. A failure throws, so that EventBridge's
 * asynchronous invocation retries it; a repeat counts nothing. Logs carry ids and outcomes, never addresses.
 */
public final class SesEventsHandler implements RequestHandler<ScheduledEvent, String> {
    private static final Logger LOG = LoggerFactory.getLogger(SesEventsHandler.class);

    private final CampaignMailEvents events;

    public SesEventsHandler() {
        this(AppContext.fromEnvironment());
    }

    public SesEventsHandler(AppContext app) {
        this.events = app.campaignMailEvents();
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            SesEvent sesEvent = SesEvent.parse(Json.MAPPER.valueToTree(event.getDetail()));
            CampaignMailEvents.Outcome outcome = events.record(sesEvent);
            LOG.info("ses event", entry("eventId", event.getId()), entry("eventType", sesEvent.eventType()),
                    entry("sesMessageId", sesEvent.messageId()), entry("hubId", sesEvent.hubId()), entry("outcome", outcome));
            return outcome.name();
        });
    }
}
