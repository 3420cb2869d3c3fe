package dev.hubcrm.wallet;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hubcrm.config.AppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * low-balance-reminders: run by its EventBridge schedule. A customer or hub that fails is counted,
 * logged by id and left for the next run; the run goes on. A run that fails as a whole is retried
 * by Lambda (then lands in the job's dead-letter queue); customers reminded before the failure are
 * claimed, so they are not reminded again.
 */
public final class LowBalanceRemindersHandler implements RequestHandler<ScheduledEvent, String> {
    private static final Logger LOG = LoggerFactory.getLogger(LowBalanceRemindersHandler.class);
    private final LowBalanceReminders reminders;

    public LowBalanceRemindersHandler() {
        this(AppContext.fromEnvironment());
    }

    public LowBalanceRemindersHandler(AppContext app) {
        this.reminders = app.lowBalanceReminders();
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            LowBalanceReminders.Run run = reminders.run();
            LOG.info("low-balance reminders", entry("hubs", run.hubs()), entry("matched", run.matched()),
                    entry("reminded", run.reminded()), entry("skipped", run.skipped()), entry("failed", run.failed()),
                    entry("failedHubs", run.failedHubs()), entry("itemsRead", run.itemsRead()));
            return "hubs=" + run.hubs() + " matched=" + run.matched() + " reminded=" + run.reminded() + " skipped=" + run.skipped()
                    + " failed=" + run.failed() + " failedHubs=" + run.failedHubs();
        });
    }
}
