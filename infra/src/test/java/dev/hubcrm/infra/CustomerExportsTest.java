package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.exports.ExportService;
import dev.hubcrm.routes.LambdaFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Large exports in the stack: their own queue, DLQ and alarm, one export per worker invocation, files kept a day. */
class CustomerExportsTest {
    private static HubcrmStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.newStack(TestStacks.newApp());
        template = Template.fromStack(stack);
    }

    private static String id(IConstruct construct) {
        return Stack.of(construct).getLogicalId((software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild());
    }

    @Test
    void theExportQueueHasADeadLetterQueueWithAnAlarmAndOutlastsTheWorker() {
        QueueWithDlq queue = stack.exports().queue();
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 6 * 15 * 60,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of("maxReceiveCount", ExportService.DELIVERY_ATTEMPTS,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(id(queue.deadLetterQueue()), "Arn")))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(id(queue.deadLetterQueue()), "QueueName"))))));
    }

    @Test
    void theWorkerTakesOneExportAtATimeThroughItsLiveAliasWithDiskAndLambdasLongestTimeout() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(id(stack.exports().queue().queue()), "Arn")),
                "BatchSize", 1,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", CustomerExports.WORKER_MAX_CONCURRENCY)));
        Map<String, Map<String, Object>> mappings = template.findResources("AWS::Lambda::EventSourceMapping",
                Map.of("Properties", Map.of("EventSourceArn",
                        Map.of("Fn::GetAtt", List.of(id(stack.exports().queue().queue()), "Arn")))));
        assertThat(mappings).hasSize(1);
        assertThat(mappings.values().iterator().next().get("Properties").toString())
                .contains("Ref=" + id(stack.liveAlias(LambdaFunction.EXPORT_WORKER)) + "}");
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LambdaFunction.EXPORT_WORKER.handlerClass() + "::handleRequest",
                "Timeout", 900,
                "EphemeralStorage", Map.of("Size", CustomerExports.WORKER_EPHEMERAL_STORAGE_MIB),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        AppContext.UPLOAD_BUCKET_ENV, Map.of("Ref", id(stack.importUploads())))))));
    }

    @Test
    void exportFilesGoAfterADayAndOnlyTheirPrefixIsGranted() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules",
                Match.arrayWith(List.of(Map.of("Id", "ExpireExports", "Prefix", ExportService.KEY_PREFIX,
                        "ExpirationInDays", 1, "Status", "Enabled",
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1)))))));
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy");
        String workerRole = id(stack.function(LambdaFunction.EXPORT_WORKER).getRole());
        String apiRole = id(stack.function(LambdaFunction.IMPORTS_API).getRole());
        boolean workerWrites = false;
        boolean apiReads = false;
        for (Map<String, Object> policy : policies.values()) {
            String text = policy.toString();
            if (!text.contains("/exports/*")) {
                continue;
            }
            if (text.contains("Ref=" + workerRole + "}")) {
                assertThat(text).contains("s3:PutObject", "s3:AbortMultipartUpload").doesNotContain("s3:GetObject", "s3:DeleteObject");
                workerWrites = true;
            } else {
                assertThat(text).contains("Ref=" + apiRole + "}", "s3:GetObject");
                apiReads = true;
            }
        }
        assertThat(workerWrites).as("the worker may write exports").isTrue();
        assertThat(apiReads).as("the imports API may presign their download").isTrue();
    }
}
