package dev.hubcrm.infra;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.events.DynamoOutbox;
import dev.hubcrm.imports.ImportService;
import dev.hubcrm.imports.ImportUploads;
import dev.hubcrm.pacing.SendRate;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import dev.hubcrm.store.TableDesign;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The whole hubcrm deployment: one DynamoDB table, one Lambda per {@link LambdaFunction}, and an
 * HTTP API with one route per {@link RouteTable} entry, each invoking the function's
 * {@value #LIVE_ALIAS} alias.
 */
public final class HubcrmStack extends Stack {

    /** Where the function code comes from: the real shaded jars in the app, any asset in tests. */
    @FunctionalInterface
    public interface CodeSource {
        Code codeFor(LambdaFunction function);
    }

    /** The alias the API invokes. SnapStart only snapshots published versions, never $LATEST. */
    public static final String LIVE_ALIAS = "live";
    /** Only hubs-admin gets it; the function compares the hash of the presented key with it. */
    public static final String OPERATOR_KEY_SHA256_ENV = "HUBCRM_OPERATOR_KEY_SHA256";
    public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Stripe's API key and webhook signing secret: SecureString parameters created once per account
     * outside the stack (CloudFormation cannot create SecureStrings, and the values must never pass
     * through a template). The functions get only the names and read the values on first use.
     */
    public static final String STRIPE_SECRET_KEY_PARAMETER = "/hubcrm/stripe/secret-key";
    public static final String STRIPE_WEBHOOK_SECRET_PARAMETER = "/hubcrm/stripe/webhook-secret";
    /** The key that signs customer portal links (a SecureString, like Stripe's secrets). */
    public static final String PORTAL_SECRET_PARAMETER = "/hubcrm/portal/signing-key";

    /**
     * The stack parameter naming the address hubcrm's own mail (low-balance reminders) comes from: an
     * SES identity verified outside the stack (the address, or its domain). It has no default, so a
     * deployment cannot go out with a made-up sender; the reminder function may send as it only.
     */
    public static final String MAIL_FROM_PARAMETER = "MailFrom";
    /** ADR 27: the platform's send rate when lower than the SES account's, and one hub's share of it for campaigns. */
    public static final String MAX_SEND_RATE_PARAMETER = "MaxSendRate";
    public static final String HUB_SEND_SHARE_PARAMETER = "HubSendShare";
    /** The functions that send mail, each through the platform's send rate. */
    static final List<LambdaFunction> MAIL_SENDERS = List.of(LambdaFunction.CAMPAIGNS_API, LambdaFunction.CAMPAIGN_SENDER,
            LambdaFunction.LOW_BALANCE_REMINDERS);
    /** Where the API is reached from outside (a custom domain); empty: the API's execute-api URL. */
    public static final String PUBLIC_BASE_URL_PARAMETER = "PublicBaseUrl";
    /** The functions that build links that leave the system (portal, Checkout return, mails). */
    static final Set<LambdaFunction> LINK_BUILDERS = EnumSet.of(LambdaFunction.WALLET_API,
            LambdaFunction.LOW_BALANCE_REMINDERS, LambdaFunction.CAMPAIGNS_API, LambdaFunction.CAMPAIGN_SENDER);
    /** Once a day, early in Europe's morning: reminders arrive before the shops' order cut-offs. */
    static final Schedule LOW_BALANCE_SCHEDULE = Schedule.cron(CronOptions.builder().minute("0").hour("6").build());
    /** A reminder run that could not start within this long waits for the next day's (which reminds the same customers). */
    static final Duration LOW_BALANCE_MAX_EVENT_AGE = Duration.hours(6);
    /** A run reads only low wallets (a query per hub), but may send many mails. */
    static final Duration LOW_BALANCE_TIMEOUT = Duration.minutes(5);

    static final Duration API_FUNCTION_TIMEOUT = Duration.seconds(10);
    /** A charge on a busy wallet retries cancelled transactions for up to 15 s; API Gateway waits 30 s at most. */
    static final Duration WALLET_API_TIMEOUT = Duration.seconds(29);
    /**
     * POST /v1/imports parses a whole file (up to 4.5 MB) and queues its rows before it answers; API
     * Gateway waits 30 s at most for an integration.
     */
    static final Duration IMPORTS_API_TIMEOUT = Duration.seconds(29);
    /** One invocation takes up to 10 chunks of 100 rows; it hands back the chunks it has no time left for. */
    static final Duration IMPORT_WORKER_TIMEOUT = Duration.minutes(2);
    /** Six times the worker's timeout (AWS guidance), so that a batch is not redelivered while it is being worked on. */
    static final Duration IMPORT_QUEUE_VISIBILITY = Duration.minutes(12);
    /** Chunks per worker invocation (the most a standard queue event source takes without a batching window). */
    static final int IMPORT_BATCH_SIZE = 10;
    /** Worker invocations at once at most: a large import must not take all of the account's concurrency. */
    static final int IMPORT_WORKER_MAX_CONCURRENCY = 5;
    /** A stream batch: up to 100 customer changes, or backfill steps of 200 customers each. */
    static final Duration SEGMENT_EVALUATOR_TIMEOUT = Duration.minutes(2);
    /** The refresh reads due customers of every hub, one by one. */
    static final Duration SEGMENT_REFRESH_TIMEOUT = Duration.minutes(5);
    static final int SEGMENT_STREAM_BATCH_SIZE = 100;
    /** A record that keeps failing is retried this often (halving its batch each time), then sent to the failure queue. */
    static final int SEGMENT_STREAM_RETRIES = 10;
    /** Up to 100 outbox items: ten PutEvents calls of ten, with the SDK's retries. */
    static final Duration EVENT_PUBLISHER_TIMEOUT = Duration.minutes(1);
    static final int OUTBOX_STREAM_BATCH_SIZE = 100;
    /**
     * An event the bus keeps refusing is retried this often (with the records after it in the shard), then
     * described in the outbox failure queue; its item stays in the table until its TTL (ADR 32).
     */
    static final int OUTBOX_STREAM_RETRIES = 10;
    /** Relative-time conditions may be late by at most this much. */
    static final Duration SEGMENT_REFRESH_RATE = Duration.hours(1);
    /** A refresh that could not start within its period is superseded by the next one. */
    static final Duration SEGMENT_REFRESH_MAX_EVENT_AGE = SEGMENT_REFRESH_RATE;
    /** A scheduled campaign starts at most this late (plus the sweep's own run). */
    static final Duration CAMPAIGN_SWEEP_RATE = Duration.minutes(1);
    /** A run reads 100 small index Queries and starts what is due: well within its period. */
    static final Duration CAMPAIGN_SWEEP_TIMEOUT = CAMPAIGN_SWEEP_RATE;
    /**
     * Runs may overlap or come late without harm (a start is conditional, and each run looks back a
     * day), so a run that could not start within five minutes is superseded by the next ones.
     */
    static final Duration CAMPAIGN_SWEEP_MAX_EVENT_AGE = Duration.minutes(5);
    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_MONTH;
    /**
     * The stage's default throttle, a token bucket of its own for each route; public routes have lower
     * ones ({@link Fairness}), and hubs' expensive operations quotas of their own (ADR 14).
     */
    static final int THROTTLE_RATE_PER_SECOND = 100;
    static final int THROTTLE_BURST = 200;
    /** C1 only: most of JIT's benefit at a fraction of its start-up cost for short invocations. */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** One JSON line per request; the route key rather than the raw path, and no headers or bodies. */
    private static final AccessLogFormat ACCESS_LOG_FORMAT = AccessLogFormat.custom("{"
            + "\"requestId\":\"$context.requestId\","
            + "\"requestTime\":\"$context.requestTime\","
            + "\"sourceIp\":\"$context.identity.sourceIp\","
            + "\"routeKey\":\"$context.routeKey\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integrationLatency\","
            + "\"integrationStatus\":\"$context.integrationStatus\","
            + "\"integrationError\":\"$context.integrationErrorMessage\","
            + "\"error\":\"$context.error.message\""
            + "}");

    private final Table table;
    private final QueueWithDlq importQueue;
    private final Queue segmentStreamFailures;
    private final Queue outboxStreamFailures;
    private final Bucket importUploads;
    private final CustomerExports exports;
    private final Campaigns campaigns;
    private final InboundMail inboundMail;
    private final CfnParameter mailFrom;
    /** The API's public base URL: the {@value #PUBLIC_BASE_URL_PARAMETER} parameter, else the API's own URL. */
    private final String publicBaseUrl;
    private final ScheduledJob segmentRefresh;
    private final ScheduledJob lowBalanceReminders;
    private final ScheduledJob campaignSweep;
    private final AlarmNotifications alarms;
    private final Fairness fairness;
    private final Map<LambdaFunction, Function> functions = new EnumMap<>(LambdaFunction.class);
    private final Map<LambdaFunction, Alias> liveAliases = new EnumMap<>(LambdaFunction.class);
    private final HttpApi api;
    private final HttpStage stage;

    public HubcrmStack(Construct scope, String id, StackProps props, CodeSource code, String operatorKeySha256) {
        super(scope, id, props);
        if (operatorKeySha256 == null || !SHA256_HEX.matcher(operatorKeySha256).matches()) {
            throw new IllegalArgumentException(
                    "operatorKeySha256 must be the lowercase hex SHA-256 of the operator key (64 characters)");
        }

        mailFrom = createMailFromParameter();
        // Before the functions: the functions that build links get the API's URL as their public base URL.
        api = HttpApi.Builder.create(this, "Api")
                .apiName("hubcrm")
                .description("hubcrm API v1")
                // The default stage is added explicitly below so it can carry access logs and throttling.
                .createDefaultStage(false)
                .build();
        publicBaseUrl = publicBaseUrl();
        fairness = new Fairness(this, "Fairness");
        table = createTable();
        importQueue = new QueueWithDlq(this, "ImportQueue", IMPORT_QUEUE_VISIBILITY);
        importUploads = createImportUploads();
        for (LambdaFunction spec : LambdaFunction.values()) {
            createFunction(spec, code.codeFor(spec), operatorKeySha256);
        }
        Fairness.MONEY_PATHS.forEach(spec -> fairness.reserveConcurrency(functions.get(spec)));
        connectImportQueue();
        segmentStreamFailures = connectSegmentEvaluator();
        segmentRefresh = scheduleSegmentRefresh();
        grantSecrets();
        lowBalanceReminders = scheduleLowBalanceReminders();
        connectImportUploads();
        exports = new CustomerExports(this, "Exports", importUploads, functions.get(LambdaFunction.IMPORTS_API),
                functions.get(LambdaFunction.EXPORT_WORKER), liveAliases.get(LambdaFunction.EXPORT_WORKER));
        campaigns = new Campaigns(this, "Campaigns", functions.get(LambdaFunction.CAMPAIGNS_API),
                functions.get(LambdaFunction.CAMPAIGN_SENDER), liveAliases.get(LambdaFunction.CAMPAIGN_SENDER),
                liveAliases.get(LambdaFunction.SES_EVENTS), mailFrom.getValueAsString());
        campaignSweep = scheduleCampaignSweep();
        outboxStreamFailures = connectEventPublisher();
        SenderIdentityGrants.grant(this, functions.get(LambdaFunction.HUBS_ADMIN), List.of(
                functions.get(LambdaFunction.LOW_BALANCE_REMINDERS), functions.get(LambdaFunction.CAMPAIGNS_API),
                functions.get(LambdaFunction.CAMPAIGN_SENDER)));
        paceMail();
        inboundMail = new InboundMail(this, "InboundMailReceiving", functions.get(LambdaFunction.INBOUND_MAIL),
                liveAliases.get(LambdaFunction.INBOUND_MAIL),
                List.of(functions.get(LambdaFunction.INBOUND_MAIL), functions.get(LambdaFunction.HUBS_ADMIN)));
        stage = createDefaultStage();
        Fairness.throttlePublicRoutes(stage, addRoutes());
        addApiAlarm();
        suppressApiAuthorizerFinding();
        alarms = notifyAlarms();

        CfnOutput.Builder.create(this, "ApiUrl").description("Base URL of the hubcrm API").value(stage.getUrl()).build();
        CfnOutput.Builder.create(this, "TableName").description("The hubcrm DynamoDB table").value(table.getTableName()).build();
    }

    public Table table() {
        return table;
    }

    public QueueWithDlq importQueue() {
        return importQueue;
    }

    /** Where stream records the segment evaluator could not handle are described (the stream's on-failure destination). */
    public Queue segmentStreamFailures() {
        return segmentStreamFailures;
    }

    /** Where outbox records the event publisher could not publish are described (its stream's on-failure destination). */
    public Queue outboxStreamFailures() {
        return outboxStreamFailures;
    }

    public Bucket importUploads() {
        return importUploads;
    }

    /** The export queue and the grants of large customer exports. */
    public CustomerExports exports() {
        return exports;
    }

    /** The campaign queue, the SES configuration set and the campaign functions' grants. */
    public Campaigns campaigns() {
        return campaigns;
    }

    /** The SES receipt rule set, the raw mail bucket and the inbound-mail function's failure queue. */
    public InboundMail inboundMail() {
        return inboundMail;
    }

    public ScheduledJob segmentRefresh() {
        return segmentRefresh;
    }

    public ScheduledJob lowBalanceReminders() {
        return lowBalanceReminders;
    }

    public ScheduledJob campaignSweep() {
        return campaignSweep;
    }

    public AlarmNotifications alarms() {
        return alarms;
    }

    /**
     * Files over the request body limit, PUT by clients to presigned URLs and read once by the
     * imports API, and large exports ({@link CustomerExports}). Private, TLS only, encrypted; each
     * prefix has its own rule: uploads never imported go after a day.
     */
    private Bucket createImportUploads() {
        Bucket bucket = Bucket.Builder.create(this, "ImportUploads")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("ExpireForgottenUploads")
                        .prefix(ImportUploads.KEY_PREFIX)
                        .expiration(Duration.days(1))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .build();
        NagSuppressions.addResourceSuppressions(bucket, List.of(suppression("AwsSolutions-S1",
                "Holds transient import and export files for about a day; every upload and download URL is issued"
                        + " by an authenticated API call that the API's access log records.")));
        return bucket;
    }

    /**
     * The imports API signs upload URLs with its own role (so it needs PutObject), reads each file
     * (HEAD and GET) and deletes it once imported: those three actions, on the uploads only.
     */
    private void connectImportUploads() {
        Function imports = functions.get(LambdaFunction.IMPORTS_API);
        imports.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject"))
                .resources(List.of(importUploads.arnForObjects(ImportUploads.KEY_PREFIX + "*")))
                .build());
        NagSuppressions.addResourceSuppressions(imports.getRole(), List.of(suppression("AwsSolutions-IAM5",
                "Each upload is a new object under uploads/<hub>/<upload id>, named at request time, so the"
                        + " grant covers that prefix of the one upload bucket, with three object actions.",
                RegexAppliesTo.builder().regex("/^Resource::<ImportUploads[0-9A-F]+\\.Arn>\\/uploads\\/\\*$/").build())), true);
    }

    public Function function(LambdaFunction spec) {
        return functions.get(spec);
    }

    public Alias liveAlias(LambdaFunction spec) {
        return liveAliases.get(spec);
    }

    public HttpApi api() {
        return api;
    }

    private Table createTable() {
        Table created = Table.Builder.create(this, "Table")
                .partitionKey(stringAttribute(TableDesign.PARTITION_KEY))
                .sortKey(stringAttribute(TableDesign.SORT_KEY))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                // The ledger and customer data must outlive any stack mistake.
                .removalPolicy(RemovalPolicy.RETAIN)
                .timeToLiveAttribute(TableDesign.TTL_ATTRIBUTE)
                // Feeds the segment evaluator, which needs both sides of a change.
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .encryption(TableEncryption.AWS_MANAGED)
                .build();
        // Customers whose segment membership moves by time alone, by day and shard of the day
        // (TableDesign.REFRESH_SHARDS): read by the refresh only.
        created.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(TableDesign.REFRESH_INDEX)
                .partitionKey(stringAttribute(TableDesign.REFRESH_DAY))
                .sortKey(stringAttribute(TableDesign.REFRESH_AT))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        created.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(TableDesign.BALANCE_INDEX)
                .partitionKey(stringAttribute(TableDesign.PARTITION_KEY))
                .sortKey(Attribute.builder().name(TableDesign.BALANCE_ATTRIBUTE).type(AttributeType.NUMBER).build())
                .projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(TableDesign.BALANCE_INDEX_PROJECTION)
                .build());
        created.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(TableDesign.REMINDER_HUBS_INDEX)
                .partitionKey(stringAttribute(TableDesign.REMINDER_HUBS_ATTRIBUTE))
                .sortKey(stringAttribute(TableDesign.PARTITION_KEY))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        // Scheduled campaigns by due hour and shard (CampaignDue): read by the campaign sweep only.
        created.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(TableDesign.CAMPAIGN_DUE_INDEX)
                .partitionKey(stringAttribute(TableDesign.DUE_BUCKET))
                .sortKey(stringAttribute(TableDesign.DUE_AT))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        return created;
    }

    private static Attribute stringAttribute(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private void createFunction(LambdaFunction spec, Code code, String operatorKeySha256) {
        String id = constructId(spec);

        LogGroup logGroup = LogGroup.Builder.create(this, id + "Logs").retention(LOG_RETENTION).build();
        // Own role instead of AWSLambdaBasicExecutionRole: that one may write to every log group.
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("hubcrm " + functionName(spec) + ": its own log group, the table's data, X-Ray")
                .build();
        logGroup.grantWrite(role);

        Function function = Function.Builder.create(this, id)
                .description("hubcrm " + functionName(spec))
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .code(code)
                .handler(spec.handlerClass() + "::handleRequest")
                .memorySize(spec.memoryMb())
                .timeout(timeout(spec))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .tracing(Tracing.ACTIVE)
                .logGroup(logGroup)
                .role(role)
                .environment(environment(spec, operatorKeySha256))
                .build();
        if (!TableActions.of(spec).isEmpty()) {
            table.grant(function, TableActions.of(spec).toArray(String[]::new));
        }
        // Published through currentVersion and the live alias below, so SnapStart does apply.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "every function is published as a version behind the live alias");
        // CDK adds DependsOn on the role next to the GetAtt of its ARN; the redundancy is harmless.
        ((CfnFunction) function.getNode().getDefaultChild()).addMetadata("cfn-lint",
                Map.of("config", Map.of("ignore_checks", List.of("W3005"))));

        Alias live = Alias.Builder.create(this, id + "LiveAlias")
                .aliasName(LIVE_ALIAS)
                .version(function.getCurrentVersion())
                .build();

        Alarm.Builder.create(this, id + "ErrorsAlarm")
                .alarmDescription("hubcrm " + functionName(spec) + " raised errors (unhandled exceptions or timeouts)")
                .metric(function.metricErrors(sumOverFiveMinutes()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        NagSuppressions.addResourceSuppressions(role, List.of(
                suppression("AwsSolutions-IAM5",
                        "Tracing.ACTIVE adds xray:PutTraceSegments and xray:PutTelemetryRecords, and the functions that send mail "
                                + "read SES's sending rate with ses:GetAccount (ADR 27); none has resource-level permissions, so they require Resource '*'.",
                        "Resource::*"),
                suppression("AwsSolutions-IAM5",
                        "The function's DynamoDB actions (TableActions) cover the table's own secondary indexes (<table>/index/*: the "
                                + "segment refresh, wallet balance, reminder hubs and campaign due indexes); no other table's.",
                        RegexAppliesTo.builder().regex("/^Resource::<Table[0-9A-F]+\\.Arn>\\/index\\/\\*$/g").build())), true);
        NagSuppressions.addResourceSuppressions(function, List.of(
                suppression("AwsSolutions-L1",
                        "Java 21 is the project's target runtime (the code is compiled with --release 21); moving "
                                + "to a newer Java runtime is a deliberate, separately tested change.")));

        functions.put(spec, function);
        liveAliases.put(spec, live);
    }

    /** How long each function may run. */
    static Duration timeout(LambdaFunction spec) {
        return switch (spec) {
            case IMPORTS_API -> IMPORTS_API_TIMEOUT;
            case IMPORT_WORKER -> IMPORT_WORKER_TIMEOUT;
            case EXPORT_WORKER -> CustomerExports.WORKER_TIMEOUT;
            case CAMPAIGN_SENDER -> Campaigns.SENDER_TIMEOUT;
            case CAMPAIGN_SWEEP -> CAMPAIGN_SWEEP_TIMEOUT;
            case SEGMENT_EVALUATOR -> SEGMENT_EVALUATOR_TIMEOUT;
            case EVENT_PUBLISHER -> EVENT_PUBLISHER_TIMEOUT;
            case SEGMENT_REFRESH -> SEGMENT_REFRESH_TIMEOUT;
            case WALLET_API -> WALLET_API_TIMEOUT;
            case LOW_BALANCE_REMINDERS -> LOW_BALANCE_TIMEOUT;
            case INBOUND_MAIL -> InboundMail.FUNCTION_TIMEOUT;
            default -> API_FUNCTION_TIMEOUT;
        };
    }

    /**
     * The imports API may only send to the import queue; the worker consumes it through its live
     * alias (so SnapStart applies), ten chunks at a time, reporting the chunks that failed so that
     * only those come back, and after {@link QueueWithDlq#MAX_RECEIVE_COUNT} deliveries into the DLQ.
     */
    private void connectImportQueue() {
        if (ImportService.DELIVERY_ATTEMPTS != QueueWithDlq.MAX_RECEIVE_COUNT) {
            throw new IllegalStateException("the import worker's last attempt (" + ImportService.DELIVERY_ATTEMPTS
                    + ") must be the queue's last delivery (" + QueueWithDlq.MAX_RECEIVE_COUNT + ")");
        }
        importQueue.queue().grant(functions.get(LambdaFunction.IMPORTS_API), "sqs:SendMessage");
        liveAliases.get(LambdaFunction.IMPORT_WORKER).addEventSource(SqsEventSource.Builder.create(importQueue.queue())
                .batchSize(IMPORT_BATCH_SIZE)
                .reportBatchItemFailures(true)
                .maxConcurrency(IMPORT_WORKER_MAX_CONCURRENCY)
                .build());
    }

    /**
     * The table's stream feeds the segment evaluator's live alias: only customer, segment, channel, channel-join, channel-rename and note-purge items
     * (filter criteria, so index entries and memberships never invoke it), partial batch responses,
     * a failing batch halved until the bad record is alone, and a record that still fails after
     * {@link #SEGMENT_STREAM_RETRIES} retries described in an encrypted queue with an alarm.
     */
    private Queue connectSegmentEvaluator() {
        Map<String, Object> evaluatedKinds = Map.of("kind", Map.of("S", FilterRule.or("customer", "segment", "channel", "channel-join", "channel-rename",
                "note-purge")));
        return connectToStream(LambdaFunction.SEGMENT_EVALUATOR, "SegmentStreamFailures",
                "Stream records the segment evaluator gave up on: memberships may be stale", SEGMENT_STREAM_BATCH_SIZE,
                SEGMENT_STREAM_RETRIES, List.of(
                        FilterCriteria.filter(Map.of("dynamodb", Map.of("NewImage", evaluatedKinds))),
                        FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("REMOVE"),
                                "dynamodb", Map.of("OldImage", evaluatedKinds)))));
    }

    /**
     * ADR 32: the table's stream feeds the event publisher's live alias with new outbox items only (an INSERT
     * of {@code kind: outbox}; their TTL deletes never invoke it), which may put events on the stack's bus only.
     */
    private Queue connectEventPublisher() {
        campaigns.publishFrom(functions.get(LambdaFunction.EVENT_PUBLISHER));
        return connectToStream(LambdaFunction.EVENT_PUBLISHER, "OutboxStreamFailures",
                "Outbox records the event publisher gave up on: domain events were not published", OUTBOX_STREAM_BATCH_SIZE,
                OUTBOX_STREAM_RETRIES, List.of(FilterCriteria.filter(Map.of("eventName", FilterRule.isEqual("INSERT"),
                        "dynamodb", Map.of("NewImage", Map.of("kind", Map.of("S", FilterRule.isEqual(DynamoOutbox.KIND))))))));
    }

    /**
     * The table's stream to {@code spec}'s live alias, the records its filters let through: partial batch
     * responses, a failing batch halved until the bad record is alone, and a record that still fails after
     * {@code retries} retries described in an encrypted queue with an alarm (answered).
     */
    private Queue connectToStream(LambdaFunction spec, String failuresId, String failuresAlarm, int batchSize, int retries,
            List<Map<String, Object>> filters) {
        Queue failures = QueueWithDlq.alarmedDeadLetterQueue(this, failuresId, failuresId + "Alarm", failuresAlarm);
        NagSuppressions.addResourceSuppressions(failures, List.of(suppression("AwsSolutions-SQS3",
                "This queue is itself the dead-letter destination of the " + functionName(spec) + " stream event source.")));
        liveAliases.get(spec).addEventSource(DynamoEventSource.Builder.create(table)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(batchSize)
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(retries)
                .onFailure(new SqsDlq(failures))
                .filters(filters)
                .build());
        return failures;
    }

    /**
     * The refresh runs every {@link #SEGMENT_REFRESH_RATE} through its live alias; a run that fails
     * for good lands in its job's dead-letter queue.
     */
    private ScheduledJob scheduleSegmentRefresh() {
        return new ScheduledJob(this, "SegmentRefreshJob",
                "hubcrm segment-refresh: re-evaluate customers whose relative-time conditions crossed a boundary",
                Schedule.rate(SEGMENT_REFRESH_RATE), liveAliases.get(LambdaFunction.SEGMENT_REFRESH),
                SEGMENT_REFRESH_MAX_EVENT_AGE);
    }

    /**
     * The campaign sweep runs every {@link #CAMPAIGN_SWEEP_RATE} through its live alias and starts each
     * due campaign by queueing its first snapshot step on the campaign queue (it sends no mail).
     */
    private ScheduledJob scheduleCampaignSweep() {
        Function sweep = functions.get(LambdaFunction.CAMPAIGN_SWEEP);
        campaigns.queue().queue().grant(sweep, "sqs:SendMessage");
        sweep.addEnvironment(AppContext.CAMPAIGN_QUEUE_URL_ENV, campaigns.queue().queue().getQueueUrl());
        return new ScheduledJob(this, "CampaignSweepJob", "hubcrm campaign-sweep: start the scheduled campaigns that are due",
                Schedule.rate(CAMPAIGN_SWEEP_RATE), liveAliases.get(LambdaFunction.CAMPAIGN_SWEEP), CAMPAIGN_SWEEP_MAX_EVENT_AGE);
    }

    /**
     * The SecureString parameters each function reads (its environment variable → the parameter's name):
     * one map drives both the environment and the grants, so that a function may read exactly the
     * secrets it is told of. Reminders carry a fresh top-up link (a Checkout Session returning to the
     * customer's portal), so they read the Stripe key and the portal key too.
     */
    static final Map<LambdaFunction, Map<String, String>> SECRETS = Map.of(
            LambdaFunction.WALLET_API, Map.of(
                    AppContext.STRIPE_SECRET_KEY_PARAMETER_ENV, STRIPE_SECRET_KEY_PARAMETER,
                    AppContext.PORTAL_SECRET_PARAMETER_ENV, PORTAL_SECRET_PARAMETER),
            LambdaFunction.LOW_BALANCE_REMINDERS, Map.of(
                    AppContext.STRIPE_SECRET_KEY_PARAMETER_ENV, STRIPE_SECRET_KEY_PARAMETER,
                    AppContext.PORTAL_SECRET_PARAMETER_ENV, PORTAL_SECRET_PARAMETER),
            LambdaFunction.STRIPE_WEBHOOK, Map.of(
                    AppContext.STRIPE_WEBHOOK_SECRET_PARAMETER_ENV, STRIPE_WEBHOOK_SECRET_PARAMETER),
            // Unsubscribe links are signed (and verified) with the portal key.
            LambdaFunction.CAMPAIGNS_API, Map.of(AppContext.PORTAL_SECRET_PARAMETER_ENV, PORTAL_SECRET_PARAMETER),
            LambdaFunction.CAMPAIGN_SENDER, Map.of(AppContext.PORTAL_SECRET_PARAMETER_ENV, PORTAL_SECRET_PARAMETER));

    /** Each function may read the secrets of {@link #SECRETS}, and nothing else in Parameter Store. */
    private void grantSecrets() {
        Map<String, IStringParameter> parameters = new LinkedHashMap<>();
        // In a stable order: the template's policies do not move from one synth to the next.
        new EnumMap<>(SECRETS).forEach((spec, secrets) -> new TreeSet<>(secrets.values()).forEach(name -> parameters.computeIfAbsent(name, parameter ->
                StringParameter.fromSecureStringParameterAttributes(this, parameterId(parameter),
                        SecureStringParameterAttributes.builder().parameterName(parameter).build()))
                .grantRead(functions.get(spec))));
    }

    /**
     * The reminder job runs daily through its live alias (SnapStart), with a dead-letter queue for
     * runs that fail for good, and may send mail as the {@value #MAIL_FROM_PARAMETER} sender only:
     * SES authorizes a send against the identity that verified the address, which is the address
     * itself or its domain, so both are named. Hubs' own verified senders: {@link SenderIdentityGrants}.
     */
    private ScheduledJob scheduleLowBalanceReminders() {
        ScheduledJob job = new ScheduledJob(this, "LowBalanceRemindersJob", "hubcrm: daily low-balance reminders",
                LOW_BALANCE_SCHEDULE, liveAliases.get(LambdaFunction.LOW_BALANCE_REMINDERS), LOW_BALANCE_MAX_EVENT_AGE);
        String address = mailFrom.getValueAsString();
        functions.get(LambdaFunction.LOW_BALANCE_REMINDERS).addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail"))
                .resources(List.of(sesIdentityArn(this, address), sesIdentityArn(this, Fn.select(1, Fn.split("@", address)))))
                .build());
        return job;
    }

    /** The ARN of an SES identity (an address or a domain) of the stack's account and region. */
    static String sesIdentityArn(Stack stack, String identity) {
        return stack.formatArn(ArnComponents.builder().service("ses").resource("identity").resourceName(identity).build());
    }

    /**
     * Every link that leaves the system (portal links, top-up links in mails, Checkout's return page) is
     * built from this one URL, never from request headers: the {@value #PUBLIC_BASE_URL_PARAMETER}
     * parameter when the API has a custom domain, else the API's own URL.
     */
    private String publicBaseUrl() {
        CfnParameter parameter = CfnParameter.Builder.create(this, PUBLIC_BASE_URL_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("^(https://[^/\\s]+)?$")
                .constraintDescription("an https:// origin without a path or trailing slash (e.g. https://api.example.com), or empty")
                .description("The API's public base URL (a custom domain), from which every link that leaves hubcrm is built;"
                        + " empty: the API's own execute-api URL")
                .build();
        CfnCondition useApiUrl = CfnCondition.Builder.create(this, "PublicBaseUrlIsApiUrl")
                .expression(Fn.conditionEquals(parameter.getValueAsString(), ""))
                .build();
        return Fn.conditionIf(useApiUrl.getLogicalId(), api.getApiEndpoint(), parameter.getValueAsString()).toString();
    }

    /** {@value #MAIL_FROM_PARAMETER}: required, one address (the template refuses anything else before deploying). */
    private CfnParameter createMailFromParameter() {
        return CfnParameter.Builder.create(this, MAIL_FROM_PARAMETER)
                .type("String")
                .allowedPattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
                .constraintDescription("one email address whose SES identity (the address or its domain) is verified")
                .description("The sender of hubcrm's own mail (low-balance reminders): an address verified in SES,"
                        + " by itself or by its domain")
                .build();
    }

    /**
     * ADR 27: every function that sends mail takes send tokens at the platform's rate (SES's
     * {@code MaxSendRate}, read with {@code ses:GetAccount}, which has no resource-level permission, or
     * the lower {@value #MAX_SEND_RATE_PARAMETER}) and campaigns at most {@value #HUB_SEND_SHARE_PARAMETER}
     * of it per hub.
     */
    private void paceMail() {
        CfnParameter maxSendRate = CfnParameter.Builder.create(this, MAX_SEND_RATE_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("^([1-9][0-9]*(\\.[0-9]+)?)?$")
                .constraintDescription("mails a second, at least 1, or empty")
                .description("The platform's send rate in mails a second, when lower than the SES account's MaxSendRate; empty: SES's")
                .build();
        CfnParameter hubShare = CfnParameter.Builder.create(this, HUB_SEND_SHARE_PARAMETER)
                .type("String")
                .defaultValue(Double.toString(SendRate.DEFAULT_HUB_SHARE))
                .allowedPattern("^(0?\\.[0-9]*[1-9][0-9]*|1(\\.0+)?)$")
                .constraintDescription("a fraction above 0 and at most 1")
                .description("The share of the platform's send rate one hub's campaigns may take (the rest stays for other hubs and reminders)")
                .build();
        for (LambdaFunction spec : MAIL_SENDERS) {
            Function function = functions.get(spec);
            function.addEnvironment(AppContext.MAX_SEND_RATE_ENV, maxSendRate.getValueAsString());
            function.addEnvironment(AppContext.HUB_SEND_SHARE_ENV, hubShare.getValueAsString());
            function.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ses:GetAccount")).resources(List.of("*")).build());
        }
    }

    /** Every alarm of the stack notifies one topic (see {@link AlarmNotifications}). */
    private AlarmNotifications notifyAlarms() {
        AlarmNotifications notifications = new AlarmNotifications(this, "Alarms");
        CfnOutput.Builder.create(this, "AlarmTopic").description("The SNS topic every hubcrm alarm notifies")
                .value(notifications.topic().getTopicArn()).build();
        return notifications;
    }

    private Map<String, String> environment(LambdaFunction spec, String operatorKeySha256) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(TableDesign.TABLE_ENV, table.getTableName());
        environment.put("POWERTOOLS_SERVICE_NAME", "hubcrm-" + functionName(spec));
        environment.put("POWERTOOLS_METRICS_NAMESPACE", "hubcrm");
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        if (spec == LambdaFunction.HUBS_ADMIN) {
            environment.put(OPERATOR_KEY_SHA256_ENV, operatorKeySha256);
        }
        if (spec == LambdaFunction.IMPORTS_API) {
            environment.put(AppContext.IMPORT_QUEUE_URL_ENV, importQueue.queue().getQueueUrl());
            environment.put(AppContext.UPLOAD_BUCKET_ENV, importUploads.getBucketName());
        }
        environment.putAll(SECRETS.getOrDefault(spec, Map.of()));
        if (spec == LambdaFunction.LOW_BALANCE_REMINDERS) {
            environment.put(AppContext.MAIL_FROM_ENV, mailFrom.getValueAsString());
        }
        if (LINK_BUILDERS.contains(spec)) {
            environment.put(AppContext.PUBLIC_BASE_URL_ENV, publicBaseUrl);
        }
        return environment;
    }

    private HttpStage createDefaultStage() {
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs").retention(LOG_RETENTION).build();
        LogGroupLogDestination destination = new LogGroupLogDestination(accessLogs);
        IAccessLogSettings accessLogSettings = new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return destination;
            }

            @Override
            public AccessLogFormat getFormat() {
                return ACCESS_LOG_FORMAT;
            }
        };
        return api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .accessLogSettings(accessLogSettings)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(THROTTLE_RATE_PER_SECOND)
                        .burstLimit(THROTTLE_BURST)
                        .build())
                .build());
    }

    /** One route per route table entry; answers them, for the stage's route settings. */
    private Map<Route, HttpRoute> addRoutes() {
        Map<LambdaFunction, HttpLambdaIntegration> integrations = new EnumMap<>(LambdaFunction.class);
        Map<Route, HttpRoute> routes = new LinkedHashMap<>();
        for (Route route : RouteTable.ROUTES) {
            HttpLambdaIntegration integration = integrations.computeIfAbsent(route.function(), spec ->
                    new HttpLambdaIntegration(constructId(spec) + "Integration", liveAliases.get(spec),
                            HttpLambdaIntegrationProps.builder()
                                    // One invoke permission per function for this API, not one per route:
                                    // Lambda resource policies are capped at 20 KB.
                                    .scopePermissionToRoute(false)
                                    .build()));
            routes.put(route, api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .build()).get(0));
        }
        return routes;
    }

    private void addApiAlarm() {
        Alarm.Builder.create(this, "Api5xxAlarm")
                .alarmDescription("hubcrm API answered with a 5xx; the contract never allows one")
                .metric(stage.metricServerError(sumOverFiveMinutes()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private static MetricOptions sumOverFiveMinutes() {
        return MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build();
    }

    private void suppressApiAuthorizerFinding() {
        String reason = "Routes use no API Gateway authorizer on purpose: callers present bearer API keys that "
                + "the function verifies against SHA-256 hashes stored in DynamoDB (hub keys) or in its "
                + "environment (operator key); public routes (health, OpenAPI, webhooks, unsubscribe) are "
                + "authenticated by signature or need none.";
        NagSuppressions.addResourceSuppressions(api, List.of(
                suppression("AwsSolutions-APIG4", reason)), true);
    }

    /** @param appliesTo finding ids (strings) or {@link RegexAppliesTo} patterns; none: the whole rule */
    private static NagPackSuppression suppression(String id, String reason, Object... appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.of(appliesTo));
        }
        return builder.build();
    }

    /** {@code HUBS_ADMIN} → {@code hubs-admin}: the module's name, except where a module holds two functions. */
    static String functionName(LambdaFunction spec) {
        return spec.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * {@code HUBS_ADMIN} → {@code HubsAdmin}: stable logical ids derived from the function's name
     * (not its module: the imports module holds two functions).
     */
    static String constructId(LambdaFunction spec) {
        StringBuilder id = new StringBuilder();
        for (String part : spec.name().toLowerCase(Locale.ROOT).split("_")) {
            id.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return id.toString();
    }

    /** {@code /hubcrm/stripe/secret-key} → {@code HubcrmStripeSecretKey}: the construct id of an imported parameter. */
    private static String parameterId(String parameterName) {
        StringBuilder id = new StringBuilder();
        for (String part : parameterName.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
