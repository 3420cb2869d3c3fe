package dev.hubcrm.infra;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.routes.QueueConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestinationOptions;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.constructs.Construct;

/**
 * Campaigns (ADR 20): the campaign queue with its dead-letter queue and alarm, consumed by the
 * campaign sender's live alias in batches gathered over a batching window, with bounded concurrency (SES's sending rate is
 * the account's, shared by every hub), and the SES configuration set campaign mail goes out in. The
 * campaigns API starts sends (and sends test mail); both send to the queue and may send mail as the
 * {@code MailFrom} identity in that configuration set only. The configuration set publishes what
 * happens to the mail (delivery, open, click, bounce, complaint) to the default event bus, where a
 * rule for that configuration set's events runs the ses-events function (retries and a dead-letter
 * queue as a {@link ScheduledJob}; recording an event twice counts nothing twice). What happens to
 * campaigns (started, sent, a hard bounce, an unsubscribe) is published on the stack's own event bus
 * (ADR 24) by the event publisher alone, from the outbox items the campaign functions write (ADR 32).
 */
public final class Campaigns extends Construct {
    /** The sender's event source, shared with the local server and the rate benchmark (ADR 27). */
    static final QueueConsumer SENDER = QueueConsumer.CAMPAIGN_SENDER;
    static final Duration SENDER_TIMEOUT = Duration.seconds(SENDER.functionTimeout().toSeconds());
    /** Six times the sender's timeout (AWS guidance): a task is not delivered again while it is worked on. */
    static final Duration QUEUE_VISIBILITY = Duration.seconds(6 * SENDER.functionTimeout().toSeconds());
    /** What SES publishes about campaign mail: what the message history and the campaign's stats record. */
    static final List<EmailSendingEvent> RECORDED_EVENTS = List.of(EmailSendingEvent.DELIVERY, EmailSendingEvent.OPEN,
            EmailSendingEvent.CLICK, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT);
    /** An SES event older than this is not worth recording late: it goes to the dead-letter queue. */
    static final Duration SES_EVENT_MAX_AGE = Duration.hours(6);

    private final QueueWithDlq queue;
    private final ConfigurationSet configurationSet;
    private final ScheduledJob sesEvents;
    private final EventBus eventBus;

    /** @param mailFrom the address hubcrm's mail comes from (the {@code MailFrom} parameter's value) */
    public Campaigns(Construct scope, String id, Function api, Function sender, Alias senderLive, Alias sesEventsLive, String mailFrom) {
        super(scope, id);
        queue = new QueueWithDlq(this, "CampaignQueue", QUEUE_VISIBILITY);
        configurationSet = ConfigurationSet.Builder.create(this, "ConfigurationSet").reputationMetrics(true).build();
        senderLive.addEventSource(SqsEventSource.Builder.create(queue.queue())
                .batchSize(SENDER.batchSize())
                .maxBatchingWindow(Duration.seconds(SENDER.maxBatchingWindow().toSeconds()))
                .reportBatchItemFailures(true)
                .maxConcurrency(SENDER.maxConcurrency())
                .build());
        Stack stack = Stack.of(this);
        List<String> sendAs = new ArrayList<>(List.of(HubcrmStack.sesIdentityArn(stack, mailFrom),
                HubcrmStack.sesIdentityArn(stack, Fn.select(1, Fn.split("@", mailFrom)))));
        sendAs.add(stack.formatArn(ArnComponents.builder().service("ses").resource("configuration-set")
                .resourceName(configurationSet.getConfigurationSetName()).build()));
        for (Function function : List.of(api, sender)) {
            queue.queue().grant(function, "sqs:SendMessage");
            function.addEnvironment(AppContext.CAMPAIGN_QUEUE_URL_ENV, queue.queue().getQueueUrl());
            function.addEnvironment(AppContext.MAIL_FROM_ENV, mailFrom);
            function.addEnvironment(AppContext.SES_CONFIGURATION_SET_ENV, configurationSet.getConfigurationSetName());
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ses:SendEmail")).resources(sendAs).build());
        }
        // SES publishes to the account's default bus only.
        configurationSet.addEventDestination("ToEventBridge", ConfigurationSetEventDestinationOptions.builder()
                .destination(EventDestination.eventBus(EventBus.fromEventBusName(this, "DefaultBus", "default")))
                .events(RECORDED_EVENTS).build());
        sesEvents = ScheduledJob.onEvents(this, "SesEvents", "hubcrm: SES events of campaign mail",
                EventPattern.builder().source(List.of("aws.ses")).detail(Map.of("mail", Map.of("tags",
                        Map.of("ses:configuration-set", List.of(configurationSet.getConfigurationSetName()))))).build(),
                sesEventsLive, SES_EVENT_MAX_AGE);
        eventBus = EventBus.Builder.create(this, "EventBus").description("hubcrm's domain events: campaigns, bounces, unsubscribes")
                .build();
    }

    /** Lets {@code function} (the event publisher) publish domain events: the bus's name in its environment, PutEvents on that bus only. */
    void publishFrom(Function function) {
        function.addEnvironment(AppContext.EVENT_BUS_NAME_ENV, eventBus.getEventBusName());
        eventBus.grantPutEventsTo(function);
    }

    /** The stack's own bus, where the event publisher publishes domain events. */
    public EventBus eventBus() {
        return eventBus;
    }

    /** The rule and dead-letter queue that run ses-events on the configuration set's events. */
    public ScheduledJob sesEvents() {
        return sesEvents;
    }

    public QueueWithDlq queue() {
        return queue;
    }

    public ConfigurationSet configurationSet() {
        return configurationSet;
    }
}
