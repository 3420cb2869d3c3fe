package dev.hubcrm.infra;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.exports.ExportService;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * Large customer exports (ADR 9): the export queue with its dead-letter queue and alarm, consumed
 * one export at a time by the export worker's live alias; the imports API (which serves
 * {@code GET /v1/customers/export} and {@code GET /v1/exports/{id}}) may send to it and read (so
 * presign GETs of) the files under {@code exports/}; the worker may write them, and nothing else in
 * the bucket; the files go a day after they are written.
 */
public final class CustomerExports extends Construct {
    /** Lambda's longest: one invocation writes one whole export. */
    static final Duration WORKER_TIMEOUT = Duration.minutes(15);
    /** Six times the worker's timeout (AWS guidance), so that an export is not delivered again while it is written. */
    static final Duration QUEUE_VISIBILITY = Duration.minutes(90);
    /** Exports written at once at most (2 is the least SQS event sources take): exports are rare and read whole hubs. */
    static final int WORKER_MAX_CONCURRENCY = 2;
    /** /tmp holds the spool and the file (about 2 x 500 bytes a customer): a million customers. */
    static final int WORKER_EPHEMERAL_STORAGE_MIB = 2048;

    private final QueueWithDlq queue;

    public CustomerExports(Construct scope, String id, Bucket bucket, Function api, Function worker, Alias workerLive) {
        super(scope, id);
        if (ExportService.DELIVERY_ATTEMPTS != QueueWithDlq.MAX_RECEIVE_COUNT) {
            throw new IllegalStateException("the export worker's last attempt (" + ExportService.DELIVERY_ATTEMPTS
                    + ") must be the queue's last delivery (" + QueueWithDlq.MAX_RECEIVE_COUNT + ")");
        }
        queue = new QueueWithDlq(this, "ExportQueue", QUEUE_VISIBILITY);
        queue.queue().grant(api, "sqs:SendMessage");
        api.addEnvironment(AppContext.EXPORT_QUEUE_URL_ENV, queue.queue().getQueueUrl());
        workerLive.addEventSource(SqsEventSource.Builder.create(queue.queue())
                .batchSize(1)
                .reportBatchItemFailures(true)
                .maxConcurrency(WORKER_MAX_CONCURRENCY)
                .build());
        worker.addEnvironment(AppContext.UPLOAD_BUCKET_ENV, bucket.getBucketName());
        ((CfnFunction) worker.getNode().getDefaultChild()).setEphemeralStorage(
                CfnFunction.EphemeralStorageProperty.builder().size(WORKER_EPHEMERAL_STORAGE_MIB).build());

        bucket.addLifecycleRule(LifecycleRule.builder()
                .id("ExpireExports")
                .prefix(ExportService.KEY_PREFIX)
                .expiration(Duration.days(1))
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build());
        String files = bucket.arnForObjects(ExportService.KEY_PREFIX + "*");
        api.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of(files)).build());
        worker.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload")).resources(List.of(files)).build());
        RegexAppliesTo exportsOnly = RegexAppliesTo.builder()
                .regex("/^Resource::<ImportUploads[0-9A-F]+\\.Arn>\\/exports\\/\\*$/").build();
        NagSuppressions.addResourceSuppressions(api.getRole(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("Each export file is a new object under exports/<hub>/<export id>.csv, named when the export"
                        + " starts, so the grant to presign downloads (GetObject) covers that prefix of the one bucket.")
                .appliesTo(List.of(exportsOnly)).build()), true);
        NagSuppressions.addResourceSuppressions(worker.getRole(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("The worker writes each export as a new object under exports/<hub>/<export id>.csv (a"
                        + " multipart upload when large), so the grant covers that prefix of the one bucket, writing only.")
                .appliesTo(List.of(exportsOnly)).build()), true);
    }

    public QueueWithDlq queue() {
        return queue;
    }
}
