package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Campaigns in the stack: their queue with DLQ and alarm, a bounded sender through its live alias, an SES configuration set. */
class CampaignsTest {
    private static HubcrmStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.newStack(TestStacks.newApp());
        template = Template.fromStack(stack);
    }

    private static String id(IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    @Test
    void theCampaignQueueHasADeadLetterQueueWithAnAlarmAndOutlastsTheSender() {
        QueueWithDlq queue = stack.campaigns().queue();
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 6 * 60,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of("maxReceiveCount", QueueWithDlq.MAX_RECEIVE_COUNT,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(id(queue.deadLetterQueue()), "Arn")))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(id(queue.deadLetterQueue()), "QueueName"))))));
        assertThat(Campaigns.QUEUE_VISIBILITY.toSeconds().intValue()).isEqualTo(6 * Campaigns.SENDER_TIMEOUT.toSeconds().intValue());
    }

    @Test
    void theSenderConsumesThroughItsLiveAliasWithPartialBatchFailuresAndBoundedConcurrency() {
        Map<String, Map<String, Object>> mappings = template.findResources("AWS::Lambda::EventSourceMapping",
                Map.of("Properties", Map.of("EventSourceArn",
                        Map.of("Fn::GetAtt", List.of(id(stack.campaigns().queue().queue()), "Arn")))));
        assertThat(mappings).hasSize(1);
        Map<?, ?> properties = (Map<?, ?>) mappings.values().iterator().next().get("Properties");
        // What the local server and the rate benchmark run (QueueConsumer.CAMPAIGN_SENDER), deployed as is.
        assertThat(properties.get("BatchSize")).isEqualTo(QueueConsumer.CAMPAIGN_SENDER.batchSize());
        assertThat(properties.get("MaximumBatchingWindowInSeconds"))
                .isEqualTo((int) QueueConsumer.CAMPAIGN_SENDER.maxBatchingWindow().toSeconds());
        assertThat(properties.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(properties.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", QueueConsumer.CAMPAIGN_SENDER.maxConcurrency()));
        assertThat(properties.get("FunctionName").toString()).contains("Ref=" + id(stack.liveAlias(LambdaFunction.CAMPAIGN_SENDER)) + "}");
    }

    @Test
    void campaignMailGoesOutInItsOwnConfigurationSet() {
        template.resourceCountIs("AWS::SES::ConfigurationSet", 1);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LambdaFunction.CAMPAIGN_SENDER.handlerClass() + "::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "HUBCRM_SES_CONFIGURATION_SET", Map.of("Ref", id(stack.campaigns().configurationSet())))))));
    }

    @Test
    void theConfigurationSetsEventsReachSesEventsThroughARuleOnTheDefaultBus() {
        String configurationSet = id(stack.campaigns().configurationSet());
        template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", Map.of(
                "ConfigurationSetName", Map.of("Ref", configurationSet),
                "EventDestination", Match.objectLike(Map.of(
                        "Enabled", true,
                        "MatchingEventTypes", List.of("delivery", "open", "click", "bounce", "complaint"),
                        "EventBridgeDestination", Map.of("EventBusArn", Match.objectLike(Map.of("Fn::Join",
                                Match.arrayWith(List.of(Match.arrayWith(List.of(":event-bus/default")))))))))));
        ScheduledJob sesEvents = stack.campaigns().sesEvents();
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of("source", List.of("aws.ses"),
                        "detail", Map.of("mail", Map.of("tags", Map.of("ses:configuration-set", List.of(Map.of("Ref", configurationSet)))))),
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", id(stack.liveAlias(LambdaFunction.SES_EVENTS))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", ScheduledJob.RETRY_ATTEMPTS, "MaximumEventAgeInSeconds", 6 * 3600),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt", List.of(id(sesEvents.deadLetterQueue()), "Arn"))))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LambdaFunction.SES_EVENTS.handlerClass() + "::handleRequest"));
    }

    @Test
    void onlyTheEventPublisherPublishesOnTheStacksOwnBusNamedInItsEnvironment() {
        template.resourceCountIs("AWS::Events::EventBus", 1);
        Map<String, Object> busName = Map.of("Ref", id(stack.campaigns().eventBus()));
        // ADR 32: the campaign functions write outbox items; the publisher alone talks to the bus.
        List<LambdaFunction> publishers = List.of(LambdaFunction.EVENT_PUBLISHER);
        for (LambdaFunction function : publishers) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", function.handlerClass() + "::handleRequest",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("HUBCRM_EVENT_BUS_NAME", busName)))));
        }
        Map<String, Map<String, Object>> withTheBus = template.findResources("AWS::Lambda::Function", Map.of("Properties",
                Map.of("Environment", Map.of("Variables", Match.objectLike(Map.of("HUBCRM_EVENT_BUS_NAME", Match.anyValue()))))));
        assertThat(withTheBus).hasSize(publishers.size());
    }

    @Test
    void everyFunctionThatSendsMailReadsSessRateAndGetsTheConfiguredRateAndShare() {
        for (LambdaFunction spec : HubcrmStack.MAIL_SENDERS) {
            template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", spec.handlerClass() + "::handleRequest",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            "HUBCRM_MAX_SEND_RATE", Map.of("Ref", HubcrmStack.MAX_SEND_RATE_PARAMETER),
                            "HUBCRM_HUB_SEND_SHARE", Map.of("Ref", HubcrmStack.HUB_SEND_SHARE_PARAMETER))))));
        }
        template.hasParameter(HubcrmStack.HUB_SEND_SHARE_PARAMETER, Map.of("Default", "0.5"));
        template.hasParameter(HubcrmStack.MAX_SEND_RATE_PARAMETER, Map.of("Default", ""));
        // CDK merges statements on the same resource ('*', X-Ray's too): found by the action, in each sender's policy only.
        long policies = template.findResources("AWS::IAM::Policy").values().stream()
                .filter(policy -> policy.get("Properties").toString().contains("ses:GetAccount")).count();
        assertThat(policies).isEqualTo(HubcrmStack.MAIL_SENDERS.size());
    }
}
