package dev.hubcrm.infra;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.S3RawMailStore;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.ses.ReceiptRuleOptions;
import software.amazon.awscdk.services.ses.ReceiptRuleSet;
import software.amazon.awscdk.services.ses.TlsPolicy;
import software.amazon.awscdk.services.ses.actions.Lambda;
import software.amazon.awscdk.services.ses.actions.LambdaInvocationType;
import software.amazon.awscdk.services.ses.actions.S3;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Inbound mail (ADR 28): with the {@value #INBOUND_DOMAIN_PARAMETER} parameter set, an SES receipt
 * rule set whose one rule takes mail to any address at that domain (TLS required, spam and virus
 * scan), stores it in a private bucket under {@code inbound/} and then invokes the inbound-mail
 * function's live alias asynchronously. A run that fails for good (after Lambda's retries) lands in
 * an alarmed dead-letter queue. SES runs one active rule set per account and region: activating
 * this one is a step after deploying (README, Deploy).
 */
public final class InboundMail extends Construct {
    public static final String INBOUND_DOMAIN_PARAMETER = "InboundDomain";
    /** Raw mails are kept this long, then go: the notes and the inbox hold what hubs read. */
    static final Duration RAW_MAIL_EXPIRY = Duration.days(30);
    /** Retries of a failed run after the first attempt (then the dead-letter queue); each is safe (once per Message-ID). */
    static final int RETRY_ATTEMPTS = 2;
    static final Duration MAX_EVENT_AGE = Duration.hours(6);
    /** A 10 MB mail parsed whole, and the search index of a 20,000-character note (about 460 batch writes at worst, ADR 19). */
    static final Duration FUNCTION_TIMEOUT = Duration.minutes(1);

    private final Bucket bucket;
    private final ReceiptRuleSet ruleSet;
    private final Queue deadLetterQueue;

    public InboundMail(Construct scope, String id, Function function, Alias live, List<Function> showingAddresses) {
        super(scope, id);
        CfnParameter domain = CfnParameter.Builder.create(scope, INBOUND_DOMAIN_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("^(([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,})?$")
                .constraintDescription("a lower-case domain whose MX record points at SES receiving in this region, or empty")
                .description("The domain hubs receive mail at (<hub id>@<domain>); empty: no inbound mail")
                .build();
        CfnCondition receives = CfnCondition.Builder.create(this, "ReceivesMail")
                .expression(Fn.conditionNot(Fn.conditionEquals(domain.getValueAsString(), "")))
                .build();

        bucket = Bucket.Builder.create(this, "RawMail")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireRawMail").expiration(RAW_MAIL_EXPIRY).build()))
                .build();
        NagSuppressions.addResourceSuppressions(bucket, List.of(NagPackSuppression.builder().id("AwsSolutions-S1")
                .reason("Written only by SES receiving (this account's rule) and read only by the inbound-mail function, whose"
                        + " log records each mail by SES message id; objects go after 30 days.").build()));

        ruleSet = ReceiptRuleSet.Builder.create(this, "RuleSet").build();
        ruleSet.addRule("ToHubs", ReceiptRuleOptions.builder()
                .recipients(List.of(domain.getValueAsString()))
                .scanEnabled(true)
                .tlsPolicy(TlsPolicy.REQUIRE)
                .actions(List.of(
                        S3.Builder.create().bucket(bucket).objectKeyPrefix(S3RawMailStore.KEY_PREFIX).build(),
                        // After the S3 action: the object is there when the function runs.
                        Lambda.Builder.create().function(live).invocationType(LambdaInvocationType.EVENT).build()))
                .build());
        onlyWhen(ruleSet, receives);

        function.addEnvironment(AppContext.INBOUND_BUCKET_ENV, bucket.getBucketName());
        function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(S3RawMailStore.KEY_PREFIX + "*"))).build());
        NagSuppressions.addResourceSuppressions(function.getRole(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason("SES names each raw mail inbound/<SES message id>, unknown in advance: the function reads that prefix of"
                        + " its one bucket, reading only.")
                .appliesTo(List.of(RegexAppliesTo.builder()
                        .regex("/^Resource::<InboundMailReceivingRawMail[0-9A-F]+\\.Arn>\\/inbound\\/\\*$/").build())).build()), true);
        for (Function shows : showingAddresses) {
            shows.addEnvironment(AppContext.INBOUND_DOMAIN_ENV, domain.getValueAsString());
        }

        deadLetterQueue = QueueWithDlq.alarmedDeadLetterQueue(this, "DeadLetterQueue", "DeadLetterAlarm",
                "An inbound mail the inbound-mail function failed on for good: the SES event and its error are in "
                        + getNode().getPath() + "/DeadLetterQueue (the raw mail stays in the bucket 30 days)");
        NagSuppressions.addResourceSuppressions(deadLetterQueue, List.of(NagPackSuppression.builder().id("AwsSolutions-SQS3")
                .reason("This queue is itself the failure destination of the inbound-mail function's asynchronous invocations.")
                .build()));
        live.configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(MAX_EVENT_AGE)
                .onFailure(new SqsDestination(deadLetterQueue))
                .build());
    }

    /** Every CloudFormation resource under {@code scope} exists only under {@code condition}. */
    private static void onlyWhen(IConstruct scope, CfnCondition condition) {
        scope.getNode().findAll().stream().filter(CfnResource.class::isInstance)
                .forEach(resource -> ((CfnResource) resource).getCfnOptions().setCondition(condition));
    }

    public Bucket bucket() {
        return bucket;
    }

    public ReceiptRuleSet ruleSet() {
        return ruleSet;
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
