package dev.hubcrm.campaigns;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.config.AppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * campaign-sweep: an EventBridge schedule, every minute. Starts the scheduled campaigns that are due,
 * read from the due index ({@link CampaignDue}), each through the conditional start a send takes
 * ({@link CampaignSending#sweep}); in the campaign sender's jar, whose classes it is made of.
 */
public final class CampaignSweepHandler implements RequestHandler<ScheduledEvent, String> {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignSweepHandler.class);

    private final CampaignSending sending;

    public CampaignSweepHandler() {
        this(AppContext.fromEnvironment());
    }

    public CampaignSweepHandler(AppContext app) {
        this.sending = app.campaignSending();
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            int started = sending.sweep();
            LOG.info("campaign sweep", entry("started", started));
            return "started " + started + " campaigns";
        });
    }
}
