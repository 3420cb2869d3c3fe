package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.constructs.IConstruct;

class QueueWithDlqTest {

    private static Stack stack;
    private static QueueWithDlq queues;
    private static Template template;
    private static Annotations annotations;

    @BeforeAll
    static void synthesize() {
        // With this flag on (as in cdk.json) error annotations abort synthesis, which is right for
        // `cdk synth` but would hide the list of findings this test reports.
        App app = TestStacks.newApp(Map.of("@aws-cdk/core:annotationsInValidationReport", false));
        stack = new Stack(app, "QueueWithDlqTest");
        queues = new QueueWithDlq(stack, "Imports", Duration.minutes(6));
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        template = Template.fromStack(stack);
        annotations = Annotations.fromStack(stack);
    }

    @Test
    void workQueueRedrivesToTheDeadLetterQueueAfterFiveReceives() {
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 360,
                "RedrivePolicy", Map.of(
                        "maxReceiveCount", QueueWithDlq.MAX_RECEIVE_COUNT,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(logicalId(queues.deadLetterQueue()), "Arn")))));
        assertThat(QueueWithDlq.MAX_RECEIVE_COUNT).isEqualTo(5);
    }

    @Test
    void deadLetterQueueKeepsMessagesForTheMaximum() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "MessageRetentionPeriod", 1_209_600,
                "RedrivePolicy", Match.absent()));
    }

    @Test
    void bothQueuesAreEncryptedBySqs() {
        template.allResourcesProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
    }

    @Test
    void bothQueuesRefuseNonTlsRequests() {
        template.resourceCountIs("AWS::SQS::QueuePolicy", 2);
        template.allResourcesProperties("AWS::SQS::QueuePolicy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "sqs:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void alarmFiresOnAnyVisibleDeadLetter() {
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of(
                        "Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(logicalId(queues.deadLetterQueue()), "QueueName")))),
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 0,
                "TreatMissingData", "notBreaching"));
    }

    @Test
    void passesAwsSolutionsChecksWithoutSuppressions() {
        List<SynthesisMessage> findings = new ArrayList<>();
        findings.addAll(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        findings.addAll(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
        assertThat(findings)
                .as("cdk-nag findings: %s", findings.stream().map(m -> m.getEntry().getData()).toList())
                .isEmpty();
    }

    private static String logicalId(IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }
}
