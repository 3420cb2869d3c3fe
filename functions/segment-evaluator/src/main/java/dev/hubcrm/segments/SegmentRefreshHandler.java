package dev.hubcrm.segments;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.config.AppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * segment-refresh: an EventBridge schedule. Re-evaluates the customers whose relative-time
 * conditions ({@code withinDays}, {@code olderThanDays}) crossed a boundary since they were last
 * evaluated, read from the refresh index; never a hub's whole customer list.
 */
public final class SegmentRefreshHandler implements RequestHandler<ScheduledEvent, String> {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRefreshHandler.class);

    private final SegmentMembership membership;

    public SegmentRefreshHandler() {
        this(AppContext.fromEnvironment());
    }

    public SegmentRefreshHandler(AppContext app) {
        this.membership = app.segmentMembership();
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            SegmentMembership.RefreshOutcome outcome = membership.refresh();
            LOG.info("segment refresh", entry("customers", outcome.customers()), entry("membershipChanges", outcome.membershipChanges()));
            return "refreshed " + outcome.customers() + " customers, " + outcome.membershipChanges() + " membership changes";
        });
    }
}
