package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.imports.ImportService;
import dev.hubcrm.imports.ImportUploads;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.constructs.IConstruct;

class HubcrmStackTest {

    /** The DynamoDB actions a function may have on the table (each only those of TableActions), nothing else. */
    private static final Set<String> DYNAMODB_DATA_ACTIONS = Set.of(
            "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
            "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:Scan",
            "dynamodb:UpdateItem");
    private static final Set<String> XRAY_ACTIONS = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");
    private static final Set<String> OWN_LOG_GROUP_ACTIONS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
    /** What the SQS event source grants the worker on its queue. */
    private static final Set<String> SQS_CONSUME_ACTIONS = Set.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    /** What the stream event source grants the segment evaluator on the table's stream, and on its failure queue. */
    private static final Set<String> STREAM_READ_ACTIONS = Set.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
            "dynamodb:GetShardIterator");
    private static final Set<String> SQS_SEND_ACTIONS = Set.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    /** The functions the table's stream feeds (each may read the stream). */
    private static final Set<LambdaFunction> STREAM_READERS = Set.of(LambdaFunction.SEGMENT_EVALUATOR, LambdaFunction.EVENT_PUBLISHER);

    /** What reading one SecureString parameter grants (its key is the account's aws/ssm key). */
    private static final Set<String> SSM_READ_ACTIONS = Set.of("ssm:DescribeParameters", "ssm:GetParameters",
            "ssm:GetParameter", "ssm:GetParameterHistory");

    private static HubcrmStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        App app = TestStacks.newApp();
        stack = TestStacks.newStack(app);
        template = Template.fromStack(stack);
    }

    @Test
    void synthesizesWithoutWarningsOrErrors() {
        Annotations annotations = Annotations.fromStack(stack);
        List<SynthesisMessage> findings = new ArrayList<>();
        findings.addAll(annotations.findWarning("*", Match.anyValue()));
        findings.addAll(annotations.findError("*", Match.anyValue()));
        assertThat(findings).as("%s", findings.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList())
                .isEmpty();
    }

    @Test
    void oneRetainedTableShapedByTableDesign() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Map.of(
                        "KeySchema", List.of(
                                Map.of("AttributeName", TableDesign.PARTITION_KEY, "KeyType", "HASH"),
                                Map.of("AttributeName", TableDesign.SORT_KEY, "KeyType", "RANGE")),
                        "AttributeDefinitions", Match.arrayWith(List.of(
                                Map.of("AttributeName", TableDesign.PARTITION_KEY, "AttributeType", "S"),
                                Map.of("AttributeName", TableDesign.SORT_KEY, "AttributeType", "S"))),
                        "BillingMode", "PAY_PER_REQUEST",
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true,
                        "TimeToLiveSpecification", Map.of(
                                "AttributeName", TableDesign.TTL_ATTRIBUTE, "Enabled", true),
                        "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                        // SSEEnabled without a key: KMS with the AWS-managed key (aws/dynamodb).
                        "SSESpecification", Match.objectEquals(Map.of("SSEEnabled", true)))));
    }

    @Test
    void oneFunctionPerLambdaFunction() {
        template.resourceCountIs("AWS::Lambda::Function", LambdaFunction.values().length);
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void functionIsJava21OnArmWithSnapStartAndTracing(LambdaFunction spec) {
        Map<String, Object> environment = new HashMap<>(Map.of(
                TableDesign.TABLE_ENV, Map.of("Ref", logicalId(stack.table())),
                "POWERTOOLS_SERVICE_NAME", "hubcrm-" + HubcrmStack.functionName(spec),
                "POWERTOOLS_METRICS_NAMESPACE", "hubcrm",
                "POWERTOOLS_LOG_LEVEL", "INFO",
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"));
        environment.put(HubcrmStack.OPERATOR_KEY_SHA256_ENV, spec == LambdaFunction.HUBS_ADMIN
                ? TestStacks.OPERATOR_KEY_SHA256
                : Match.absent());
        environment.put(AppContext.IMPORT_QUEUE_URL_ENV, spec == LambdaFunction.IMPORTS_API
                ? Map.of("Ref", logicalId(stack.importQueue().queue()))
                : Match.absent());
        environment.put(AppContext.STRIPE_SECRET_KEY_PARAMETER_ENV,
                spec == LambdaFunction.WALLET_API || spec == LambdaFunction.LOW_BALANCE_REMINDERS
                        ? HubcrmStack.STRIPE_SECRET_KEY_PARAMETER
                        : Match.absent());
        boolean campaigns = spec == LambdaFunction.CAMPAIGNS_API || spec == LambdaFunction.CAMPAIGN_SENDER;
        environment.put(AppContext.PORTAL_SECRET_PARAMETER_ENV,
                spec == LambdaFunction.WALLET_API || spec == LambdaFunction.LOW_BALANCE_REMINDERS || campaigns
                        ? HubcrmStack.PORTAL_SECRET_PARAMETER
                        : Match.absent());
        environment.put(AppContext.CAMPAIGN_QUEUE_URL_ENV, campaigns || spec == LambdaFunction.CAMPAIGN_SWEEP
                ? Map.of("Ref", campaignQueueId()) : Match.absent());
        environment.put(AppContext.SES_CONFIGURATION_SET_ENV, campaigns
                ? Map.of("Ref", logicalId(stack.campaigns().configurationSet())) : Match.absent());
        // Links that leave the system: the PublicBaseUrl parameter, else the API's own URL.
        environment.put(AppContext.PUBLIC_BASE_URL_ENV,
                spec == LambdaFunction.WALLET_API || spec == LambdaFunction.LOW_BALANCE_REMINDERS || campaigns
                        ? Map.of("Fn::If", List.of("PublicBaseUrlIsApiUrl",
                                Map.of("Fn::GetAtt", List.of(logicalId(stack.api()), "ApiEndpoint")),
                                Map.of("Ref", HubcrmStack.PUBLIC_BASE_URL_PARAMETER)))
                        : Match.absent());
        environment.put(AppContext.MAIL_FROM_ENV, spec == LambdaFunction.LOW_BALANCE_REMINDERS || campaigns
                ? Map.of("Ref", HubcrmStack.MAIL_FROM_PARAMETER)
                : Match.absent());
        environment.put(AppContext.EVENT_BUS_NAME_ENV, spec == LambdaFunction.EVENT_PUBLISHER
                ? Map.of("Ref", logicalId(stack.campaigns().eventBus()))
                : Match.absent());
        boolean sendsMail = HubcrmStack.MAIL_SENDERS.contains(spec);
        environment.put(AppContext.MAX_SEND_RATE_ENV, sendsMail ? Map.of("Ref", HubcrmStack.MAX_SEND_RATE_PARAMETER) : Match.absent());
        environment.put(AppContext.HUB_SEND_SHARE_ENV, sendsMail ? Map.of("Ref", HubcrmStack.HUB_SEND_SHARE_PARAMETER) : Match.absent());
        environment.put(AppContext.STRIPE_WEBHOOK_SECRET_PARAMETER_ENV, spec == LambdaFunction.STRIPE_WEBHOOK
                ? HubcrmStack.STRIPE_WEBHOOK_SECRET_PARAMETER
                : Match.absent());
        environment.put(AppContext.UPLOAD_BUCKET_ENV, spec == LambdaFunction.IMPORTS_API || spec == LambdaFunction.EXPORT_WORKER
                ? Map.of("Ref", logicalId(stack.importUploads()))
                : Match.absent());
        environment.put(AppContext.EXPORT_QUEUE_URL_ENV, spec == LambdaFunction.IMPORTS_API
                ? Map.of("Ref", exportQueueId())
                : Match.absent());
        environment.put(AppContext.INBOUND_BUCKET_ENV, spec == LambdaFunction.INBOUND_MAIL
                ? Map.of("Ref", logicalId(stack.inboundMail().bucket()))
                : Match.absent());
        // The function reads the hubs' addresses; hubs-admin shows them on GET /v1/hub.
        environment.put(AppContext.INBOUND_DOMAIN_ENV, spec == LambdaFunction.INBOUND_MAIL || spec == LambdaFunction.HUBS_ADMIN
                ? Map.of("Ref", InboundMail.INBOUND_DOMAIN_PARAMETER)
                : Match.absent());

        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", spec.handlerClass() + "::handleRequest",
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "MemorySize", spec.memoryMb(),
                "Timeout", switch (spec) {
                    case IMPORTS_API -> 29;
                    case IMPORT_WORKER, SEGMENT_EVALUATOR -> 120;
                    case SEGMENT_REFRESH, LOW_BALANCE_REMINDERS -> 300;
                    case EXPORT_WORKER -> 900;
                    case WALLET_API -> 29;
                    case CAMPAIGN_SENDER, CAMPAIGN_SWEEP, INBOUND_MAIL, EVENT_PUBLISHER -> 60;
                    default -> 10;
                },
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.anyValue())),
                "Environment", Map.of("Variables", Match.objectEquals(environment))));
    }

    @Test
    void everyFunctionHasALiveAliasOnAPublishedVersion() {
        int count = LambdaFunction.values().length;
        template.resourceCountIs("AWS::Lambda::Version", count);
        template.resourceCountIs("AWS::Lambda::Alias", count);
        template.allResourcesProperties("AWS::Lambda::Alias", Map.of(
                "Name", HubcrmStack.LIVE_ALIAS,
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "Version"))));
    }

    @Test
    void noPlaintextOperatorKeyInTheTemplate() {
        assertThat(template.toJSON().toString()).doesNotContain("HUBCRM_OPERATOR_KEY\"", "HUBCRM_OPERATOR_KEY=");
        for (Map<String, Object> function : resources("AWS::Lambda::Function").values()) {
            assertThat(variables(function)).doesNotContainKey("HUBCRM_OPERATOR_KEY");
        }
    }

    @Test
    void oneRoutePerRouteTableEntry() {
        Map<String, Map<String, Object>> routes = resources("AWS::ApiGatewayV2::Route");
        assertThat(routes).hasSize(RouteTable.ROUTES.size());
        assertThat(routes.values().stream().map(route -> (String) properties(route).get("RouteKey")))
                .containsExactlyInAnyOrderElementsOf(RouteTable.ROUTES.stream().map(Route::key).toList());
    }

    @Test
    void eachRouteInvokesTheLiveAliasOfItsFunction() {
        Map<String, Map<String, Object>> integrations = resources("AWS::ApiGatewayV2::Integration");
        Map<String, Map<String, Object>> aliases = resources("AWS::Lambda::Alias");
        Map<String, Map<String, Object>> functions = resources("AWS::Lambda::Function");

        for (Map<String, Object> route : resources("AWS::ApiGatewayV2::Route").values()) {
            Route expected = RouteTable.byKey((String) properties(route).get("RouteKey")).orElseThrow();
            String integrationId = joinedRef(properties(route).get("Target"));
            Map<String, Object> integration = properties(integrations.get(integrationId));
            assertThat(integration.get("IntegrationType")).isEqualTo("AWS_PROXY");
            assertThat(integration.get("PayloadFormatVersion")).isEqualTo("2.0");

            String aliasId = ref(integration.get("IntegrationUri"));
            assertThat(aliases).as("%s integrates with an alias", expected.key()).containsKey(aliasId);
            String functionId = ref(properties(aliases.get(aliasId)).get("FunctionName"));
            assertThat(properties(functions.get(functionId)).get("Handler"))
                    .as("function behind %s", expected.key())
                    .isEqualTo(expected.function().handlerClass() + "::handleRequest");
        }
    }

    @Test
    void apiGatewayMayInvokeOnlyTheLiveAliases() {
        Map<String, Map<String, Object>> permissions = new HashMap<>(resources("AWS::Lambda::Permission"));
        // The rules' permissions, on the refresh's, the reminders', the campaign sweep's and ses-events' live aliases;
        // the only ones not for the API.
        assertThat(permissions.values().removeIf(permission -> "events.amazonaws.com".equals(properties(permission).get("Principal"))))
                .isTrue();
        // The SES receipt rule's, on the inbound-mail function's live alias.
        assertThat(permissions.values().removeIf(permission -> "ses.amazonaws.com".equals(properties(permission).get("Principal"))))
                .isTrue();
        // One per function with routes: the import and export workers, the campaign sender, the segment evaluator and
        // the event publisher are invoked through event source mappings, the segment refresh, the reminders and the campaign sweep by their
        // schedules, ses-events by its rule, inbound-mail by the SES receipt rule.
        assertThat(permissions).hasSize((int) RouteTable.ROUTES.stream().map(Route::function).distinct().count())
                .hasSize(LambdaFunction.values().length - 10);
        for (Map<String, Object> permission : permissions.values()) {
            Map<String, Object> props = properties(permission);
            assertThat(props.get("Principal")).isEqualTo("apigateway.amazonaws.com");
            assertThat(resources("AWS::Lambda::Alias")).containsKey(ref(props.get("FunctionName")));
            assertThat(props.get("SourceArn").toString()).contains(logicalId(stack.api()));
        }
    }

    @Test
    void defaultStageLogsAccessAndThrottles() {
        template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "AccessLogSettings", Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "Arn")),
                        "Format", Match.stringLikeRegexp(".*\\$context\\.requestId.*")),
                "DefaultRouteSettings", Map.of(
                        "ThrottlingRateLimit", HubcrmStack.THROTTLE_RATE_PER_SECOND,
                        "ThrottlingBurstLimit", HubcrmStack.THROTTLE_BURST)));
    }

    @Test
    void everyLogGroupHasRetention() {
        Map<String, Map<String, Object>> logGroups = resources("AWS::Logs::LogGroup");
        // One per function, one for API access logs.
        assertThat(logGroups).hasSize(LambdaFunction.values().length + 1);
        template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void noPolicyAllowsAScanOrEveryDynamoDbAction() {
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            for (Object statement : asList(((Map<?, ?>) properties(policy).get("PolicyDocument")).get("Statement"))) {
                actions.addAll(asStrings(asMap(statement).get("Action")));
            }
        }
        assertThat(actions).contains("dynamodb:Query").doesNotContain("dynamodb:Scan", "dynamodb:*", "*")
                .noneMatch(action -> action.startsWith("dynamodb:") && action.contains("*"));
        assertThat(resources("AWS::IAM::Role").values()).allSatisfy(role -> assertThat(properties(role)).doesNotContainKey("Policies"));
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void eachFunctionGetsExactlyTheTableActionsItsCodeMakes(LambdaFunction spec) {
        String roleId = getAttTarget(properties(resources("AWS::Lambda::Function").get(logicalId(stack.function(spec)))).get("Role"));
        Set<String> onTheTable = new TreeSet<>();
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            if (!((List<?>) properties(policy).get("Roles")).contains(Map.of("Ref", roleId))) {
                continue;
            }
            for (Object statement : asList(((Map<?, ?>) properties(policy).get("PolicyDocument")).get("Statement"))) {
                List<Object> resourcesOfStatement = asList(asMap(statement).get("Resource"));
                if (resourcesOfStatement.contains(Map.of("Fn::GetAtt", List.of(logicalId(stack.table()), "Arn")))) {
                    onTheTable.addAll(asStrings(asMap(statement).get("Action")));
                    assertThat(resourcesOfStatement.toString()).as("the table and its indexes").contains("/index/*");
                }
            }
        }
        Set<String> expected = switch (spec) {
            case HUBS_ADMIN, WALLET_API, STRIPE_WEBHOOK, LOW_BALANCE_REMINDERS -> Set.of("dynamodb:GetItem", "dynamodb:Query",
                    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
            case CUSTOMERS_API, SEGMENTS_API, SEGMENT_EVALUATOR, SEGMENT_REFRESH -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
                    "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem",
                    "dynamodb:BatchWriteItem");
            case IMPORTS_API, IMPORT_WORKER -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                    "dynamodb:UpdateItem", "dynamodb:DeleteItem");
            case EXPORT_WORKER -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:UpdateItem");
            case CAMPAIGNS_API -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                    "dynamodb:UpdateItem", "dynamodb:DeleteItem");
            case CAMPAIGN_SENDER -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                    "dynamodb:UpdateItem");
            case CAMPAIGN_SWEEP -> Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem");
            case SES_EVENTS -> Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
            case NOTES_API -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                    "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
            case INBOUND_MAIL -> Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem",
                    "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
            case EVENT_PUBLISHER -> Set.of();
        };
        assertThat(onTheTable).as(spec.module()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(LambdaFunction.class)
    void functionRoleGrantsOnlyTableDataXrayAndItsOwnLogGroup(LambdaFunction spec) {
        String functionId = logicalId(stack.function(spec));
        Map<String, Object> function = properties(resources("AWS::Lambda::Function").get(functionId));
        String roleId = getAttTarget(function.get("Role"));
        String ownLogGroupId = ref(((Map<?, ?>) function.get("LoggingConfig")).get("LogGroup"));

        Map<String, Object> role = properties(resources("AWS::IAM::Role").get(roleId));
        assertThat(role).as("no managed policies").doesNotContainKey("ManagedPolicyArns");
        assertThat(role).as("no inline policies on the role itself").doesNotContainKey("Policies");

        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            Map<String, Object> props = properties(policy);
            if (((List<?>) props.get("Roles")).contains(Map.of("Ref", roleId))) {
                for (Object statement : asList(((Map<?, ?>) props.get("PolicyDocument")).get("Statement"))) {
                    statements.add(asMap(statement));
                }
            }
        }
        assertThat(statements).isNotEmpty();

        Set<String> granted = statements.stream()
                .flatMap(statement -> asStrings(statement.get("Action")).stream())
                .collect(Collectors.toSet());
        assertThat(granted).containsAll(XRAY_ACTIONS);
        if (spec != LambdaFunction.EVENT_PUBLISHER) {
            assertThat(granted).contains("dynamodb:GetItem");
        }

        for (Map<String, Object> statement : statements) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            List<String> actions = asStrings(statement.get("Action"));
            List<Object> resourcesOfStatement = asList(statement.get("Resource"));
            if (actions.stream().allMatch(DYNAMODB_DATA_ACTIONS::contains)) {
                assertThat(resourcesOfStatement).as("DynamoDB grants reach the table only")
                        .allSatisfy(resource -> assertThat(resource.toString()).contains(logicalId(stack.table())));
            } else if (actions.stream().allMatch(XRAY_ACTIONS::contains)) {
                assertThat(resourcesOfStatement).containsExactly("*");
            } else if (actions.stream().allMatch(OWN_LOG_GROUP_ACTIONS::contains)) {
                assertThat(resourcesOfStatement).containsExactly(Map.of("Fn::GetAtt", List.of(ownLogGroupId, "Arn")));
            } else if (spec == LambdaFunction.IMPORTS_API && actions.equals(List.of("sqs:SendMessage"))) {
                // The import queue and the export queue (minimizePolicies puts both in one statement).
                assertThat(resourcesOfStatement).containsExactlyInAnyOrder(Map.of("Fn::GetAtt", List.of(importQueueId(), "Arn")),
                        Map.of("Fn::GetAtt", List.of(exportQueueId(), "Arn")));
            } else if (HubcrmStack.MAIL_SENDERS.contains(spec) && actions.contains("ses:GetAccount")
                    && actions.stream().allMatch(action -> action.equals("ses:GetAccount") || XRAY_ACTIONS.contains(action))) {
                // ADR 27: SES's sending rate, which has no resource-level permission (merged with X-Ray's '*').
                assertThat(resourcesOfStatement).containsExactly("*");
            } else if (STREAM_READERS.contains(spec) && actions.contains("dynamodb:ListStreams")
                    && actions.stream().allMatch(action -> action.equals("dynamodb:ListStreams") || XRAY_ACTIONS.contains(action))) {
                assertThat(resourcesOfStatement).containsExactly("*");
            } else if (STREAM_READERS.contains(spec) && STREAM_READ_ACTIONS.containsAll(actions)) {
                assertThat(resourcesOfStatement).containsExactly(Map.of("Fn::GetAtt", List.of(logicalId(stack.table()), "StreamArn")));
            } else if (spec == LambdaFunction.SEGMENT_EVALUATOR && SQS_SEND_ACTIONS.containsAll(actions)) {
                assertThat(resourcesOfStatement).containsExactly(
                        Map.of("Fn::GetAtt", List.of(logicalId(stack.segmentStreamFailures()), "Arn")));
            } else if (spec == LambdaFunction.EVENT_PUBLISHER && SQS_SEND_ACTIONS.containsAll(actions)) {
                assertThat(resourcesOfStatement).containsExactly(
                        Map.of("Fn::GetAtt", List.of(logicalId(stack.outboxStreamFailures()), "Arn")));
            } else if (SSM_READ_ACTIONS.containsAll(actions)) {
                List<String> parameters = switch (spec) {
                    case WALLET_API -> List.of(HubcrmStack.STRIPE_SECRET_KEY_PARAMETER, HubcrmStack.PORTAL_SECRET_PARAMETER);
                    case LOW_BALANCE_REMINDERS -> List.of(HubcrmStack.STRIPE_SECRET_KEY_PARAMETER, HubcrmStack.PORTAL_SECRET_PARAMETER);
                    case STRIPE_WEBHOOK -> List.of(HubcrmStack.STRIPE_WEBHOOK_SECRET_PARAMETER);
                    case CAMPAIGNS_API, CAMPAIGN_SENDER -> List.of(HubcrmStack.PORTAL_SECRET_PARAMETER);
                    default -> throw new AssertionError(spec.module() + " may not read Parameter Store: " + statement);
                };
                assertThat(resourcesOfStatement).hasSize(parameters.size()).allSatisfy(resource -> assertThat(parameters)
                        .anySatisfy(parameter -> assertThat(resource.toString()).contains(":parameter" + parameter)));
            } else if (spec == LambdaFunction.HUBS_ADMIN && actions.equals(SenderIdentityGrants.MANAGE_ACTIONS)) {
                assertThat(resourcesOfStatement).as("SES identities only").singleElement()
                        .satisfies(resource -> assertThat(resource.toString()).endsWith(":identity/*]]}"));
            } else if (statement.containsKey("Condition") && actions.equals(List.of("ses:SendEmail"))) {
                // Hubs' own verified identities: any identity, but only one tagged as a hub's.
                assertThat(spec).isIn(LambdaFunction.LOW_BALANCE_REMINDERS, LambdaFunction.CAMPAIGNS_API, LambdaFunction.CAMPAIGN_SENDER);
                assertThat(resourcesOfStatement).singleElement()
                        .satisfies(resource -> assertThat(resource.toString()).endsWith(":identity/*]]}"));
                assertThat(statement.get("Condition")).isEqualTo(
                        Map.of("StringLike", Map.of("aws:ResourceTag/" + SenderIdentityGrants.HUB_TAG, "hub_*")));
            } else if (spec == LambdaFunction.LOW_BALANCE_REMINDERS && actions.equals(List.of("ses:SendEmail"))) {
                // The MailFrom address's identity, and its domain's (SES checks whichever verified it).
                assertThat(resourcesOfStatement).hasSize(2).allSatisfy(resource -> assertThat(resource.toString())
                        .contains(":identity/").contains("Ref=" + HubcrmStack.MAIL_FROM_PARAMETER + "}"));
                assertThat(resourcesOfStatement).anySatisfy(resource -> assertThat(resource.toString()).contains("Fn::Split=[@"));
            } else if ((spec == LambdaFunction.CAMPAIGNS_API || spec == LambdaFunction.CAMPAIGN_SENDER)
                    && actions.equals(List.of("ses:SendEmail"))) {
                // MailFrom's identities, and campaign mail's configuration set.
                assertThat(resourcesOfStatement).hasSize(3);
                assertThat(resourcesOfStatement.toString()).contains(":identity/", "Ref=" + HubcrmStack.MAIL_FROM_PARAMETER + "}",
                        ":configuration-set/", "Ref=" + logicalId(stack.campaigns().configurationSet()) + "}");
            } else if (spec == LambdaFunction.EVENT_PUBLISHER && actions.equals(List.of("events:PutEvents"))) {
                assertThat(resourcesOfStatement).as("domain events go to the stack's own bus only")
                        .containsExactly(Map.of("Fn::GetAtt", List.of(logicalId(stack.campaigns().eventBus()), "Arn")));
            } else if ((spec == LambdaFunction.CAMPAIGNS_API || spec == LambdaFunction.CAMPAIGN_SWEEP)
                    && SQS_SEND_ACTIONS.containsAll(actions) && resourcesOfStatement.toString().contains(campaignQueueId())) {
                assertThat(resourcesOfStatement).containsExactly(Map.of("Fn::GetAtt", List.of(campaignQueueId(), "Arn")));
            } else if (spec == LambdaFunction.CAMPAIGN_SENDER && actions.stream()
                    .allMatch(action -> SQS_CONSUME_ACTIONS.contains(action) || SQS_SEND_ACTIONS.contains(action))) {
                // It consumes the campaign queue and queues the next snapshot step and the deliveries on it.
                assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage");
                assertThat(resourcesOfStatement).containsExactly(Map.of("Fn::GetAtt", List.of(campaignQueueId(), "Arn")));
            } else if (scheduledJob(spec) != null && SQS_SEND_ACTIONS.containsAll(actions)) {
                ScheduledJob job = scheduledJob(spec);
                assertThat(resourcesOfStatement).as("a failed run goes to its own job's dead-letter queue only")
                        .containsExactly(Map.of("Fn::GetAtt", List.of(logicalId(job.deadLetterQueue()), "Arn")));
            } else if (spec == LambdaFunction.IMPORTS_API && actions.equals(List.of("s3:GetObject"))
                    && resourcesOfStatement.toString().contains("/exports/")) {
                assertThat(resourcesOfStatement).as("downloads are presigned for the exports only").singleElement()
                        .satisfies(resource -> assertThat(resource.toString()).contains(logicalId(stack.importUploads()))
                                .contains("/exports/*"));
            } else if (spec == LambdaFunction.EXPORT_WORKER && actions.stream().allMatch(action -> action.startsWith("s3:"))) {
                assertThat(actions).containsExactlyInAnyOrder("s3:PutObject", "s3:AbortMultipartUpload");
                assertThat(resourcesOfStatement).as("the worker writes the exports only").singleElement()
                        .satisfies(resource -> assertThat(resource.toString()).contains(logicalId(stack.importUploads()))
                                .contains("/exports/*"));
            } else if (spec == LambdaFunction.EXPORT_WORKER && SQS_CONSUME_ACTIONS.containsAll(actions)) {
                assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage");
                assertThat(resourcesOfStatement).containsExactly(Map.of("Fn::GetAtt", List.of(exportQueueId(), "Arn")));
            } else if (spec == LambdaFunction.IMPORTS_API && actions.stream().allMatch(action -> action.startsWith("s3:"))) {
                assertThat(actions).containsExactlyInAnyOrder("s3:PutObject", "s3:GetObject", "s3:DeleteObject");
                assertThat(resourcesOfStatement).as("S3 grants reach the uploads only").singleElement()
                        .satisfies(resource -> assertThat(resource.toString()).contains(logicalId(stack.importUploads()))
                                .contains("/uploads/*"));
            } else if (spec == LambdaFunction.INBOUND_MAIL && actions.equals(List.of("s3:GetObject"))) {
                assertThat(resourcesOfStatement).as("the function reads the raw mails only").singleElement()
                        .satisfies(resource -> assertThat(resource.toString()).contains(logicalId(stack.inboundMail().bucket()))
                                .contains("/inbound/*"));
            } else if (spec == LambdaFunction.INBOUND_MAIL && SQS_SEND_ACTIONS.containsAll(actions)) {
                assertThat(resourcesOfStatement).as("a failed run goes to its own dead-letter queue only")
                        .containsExactly(Map.of("Fn::GetAtt", List.of(logicalId(stack.inboundMail().deadLetterQueue()), "Arn")));
            } else if (spec == LambdaFunction.IMPORT_WORKER && SQS_CONSUME_ACTIONS.containsAll(actions)) {
                assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage");
                assertThat(resourcesOfStatement).containsExactly(Map.of("Fn::GetAtt", List.of(importQueueId(), "Arn")));
            } else {
                throw new AssertionError("unexpected statement for " + spec.module() + ": " + statement);
            }
        }
    }

    @Test
    void alarmsOnApi5xxAndOnEachFunctionsErrors() {
        // One per function, the API's 5xx, the import, export and campaign dead-letter queues', the segment and outbox
        // streams' failure queues', the four rule jobs' dead-letter queues' (three schedules, SES events) and inbound mail's.
        template.resourceCountIs("AWS::CloudWatch::Alarm", LambdaFunction.values().length + 11);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway",
                "MetricName", "5xx",
                "Dimensions", Match.arrayWith(List.of(
                        Map.of("Name", "ApiId", "Value", Map.of("Ref", logicalId(stack.api())))))));
        for (LambdaFunction spec : LambdaFunction.values()) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Namespace", "AWS/Lambda",
                    "MetricName", "Errors",
                    "Dimensions", List.of(Map.of(
                            "Name", "FunctionName",
                            "Value", Map.of("Ref", logicalId(stack.function(spec)))))));
        }
    }

    @Test
    void importWorkerHasNoRouteAndTheApiNoEventSource() {
        assertThat(RouteTable.of(LambdaFunction.IMPORT_WORKER)).isEmpty();
        assertThat(RouteTable.of(LambdaFunction.IMPORTS_API)).extracting(Route::key)
                .containsExactlyInAnyOrder("GET /v1/customers/export", "POST /v1/imports", "POST /v1/imports/uploads",
                        "GET /v1/imports/{id}", "GET /v1/exports/{id}");
        assertThat(RouteTable.of(LambdaFunction.EXPORT_WORKER)).isEmpty();
        // The import queue's, the export queue's, the campaign queue's and the table stream's two (segments, outbox).
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 5);
    }

    @Test
    void importQueueHasADeadLetterQueueAndOutlastsTheWorker() {
        // The import, export and campaign queues and their DLQs, the segment and outbox streams' failure queues, the
        // three rule jobs' DLQs (three schedules, SES events), and inbound mail's failure queue.
        template.resourceCountIs("AWS::SQS::Queue", 13);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 6 * 120,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of(
                        "maxReceiveCount", QueueWithDlq.MAX_RECEIVE_COUNT,
                        "deadLetterTargetArn", Map.of("Fn::GetAtt",
                                List.of(logicalId(stack.importQueue().deadLetterQueue()), "Arn")))));
        // The worker's last attempt (rows that still fail are reported, not retried) is the queue's last delivery.
        assertThat(ImportService.DELIVERY_ATTEMPTS).isEqualTo(QueueWithDlq.MAX_RECEIVE_COUNT);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(logicalId(stack.importQueue().deadLetterQueue()), "QueueName"))))));
    }

    @Test
    void importWorkerConsumesTheQueueThroughItsLiveAliasReportingPartialFailures() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(importQueueId(), "Arn")),
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", HubcrmStack.IMPORT_WORKER_MAX_CONCURRENCY)));
        // The worker's live alias (function name taken from the alias ARN, then ":live"), so SnapStart's published version runs.
        Object functionName = resources("AWS::Lambda::EventSourceMapping").values().stream().map(HubcrmStackTest::properties)
                .filter(mapping -> mapping.get("EventSourceArn").toString().contains(importQueueId())).findFirst().orElseThrow()
                .get("FunctionName");
        assertThat(functionName.toString())
                .contains("Ref=" + logicalId(stack.liveAlias(LambdaFunction.IMPORT_WORKER)) + "}")
                .endsWith(":" + HubcrmStack.LIVE_ALIAS + "]]}");
    }

    @Test
    void onlyTheImportsApiMaySendToTheImportQueue() {
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            for (Object statement : asList(((Map<?, ?>) properties(policy).get("PolicyDocument")).get("Statement"))) {
                if (asStrings(asMap(statement).get("Action")).contains("sqs:SendMessage")
                        && asList(asMap(statement).get("Resource")).toString().contains(importQueueId())) {
                    assertThat(asList(properties(policy).get("Roles"))).containsExactly(Map.of("Ref",
                            getAttTarget(properties(resources("AWS::Lambda::Function")
                                    .get(logicalId(stack.function(LambdaFunction.IMPORTS_API)))).get("Role"))));
                }
            }
        }
    }

    @Test
    void segmentEvaluatorReadsTheStreamThroughItsLiveAliasFilteredWithPartialFailuresAndAFailureQueue() {
        Map<String, Object> mapping = streamMapping(LambdaFunction.SEGMENT_EVALUATOR, HubcrmStack.SEGMENT_STREAM_BATCH_SIZE,
                HubcrmStack.SEGMENT_STREAM_RETRIES, stack.segmentStreamFailures());
        String filters = mapping.get("FilterCriteria").toString();
        assertThat(filters).contains("NewImage", "OldImage", "REMOVE", "customer", "segment", "channel", "channel-join", "channel-rename", "note-purge")
                .doesNotContain("customer-index");
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true, "MessageRetentionPeriod", 14 * 24 * 3600));
    }

    @Test
    void eventPublisherReadsOnlyNewOutboxItemsThroughItsLiveAliasWithPartialFailuresAndAFailureQueue() throws Exception {
        Map<String, Object> mapping = streamMapping(LambdaFunction.EVENT_PUBLISHER, HubcrmStack.OUTBOX_STREAM_BATCH_SIZE,
                HubcrmStack.OUTBOX_STREAM_RETRIES, stack.outboxStreamFailures());
        Object pattern = asMap(asList(asMap(mapping.get("FilterCriteria")).get("Filters")).getFirst()).get("Pattern");
        assertThat(new ObjectMapper().readTree(pattern.toString())).as("one filter: INSERTs of outbox items")
                .isEqualTo(new ObjectMapper().readTree("{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"kind\":{\"S\":[\"outbox\"]}}}}"));
        assertThat(RouteTable.of(LambdaFunction.EVENT_PUBLISHER)).isEmpty();
    }

    /**
     * The table stream's event source mapping of {@code spec}'s live alias, from the oldest record, with partial batch
     * responses, bisecting, {@code retries} and {@code failures} (alarmed) as its on-failure destination; answers the mapping.
     */
    private Map<String, Object> streamMapping(LambdaFunction spec, int batchSize, int retries, Queue failures) {
        Map<String, Object> mapping = resources("AWS::Lambda::EventSourceMapping").values().stream().map(HubcrmStackTest::properties)
                .filter(m -> m.get("EventSourceArn").equals(Map.of("Fn::GetAtt", List.of(logicalId(stack.table()), "StreamArn"))))
                .filter(m -> m.get("FunctionName").toString().contains("Ref=" + logicalId(stack.liveAlias(spec)) + "}"))
                .findFirst().orElseThrow();
        assertThat(mapping).containsEntry("StartingPosition", "TRIM_HORIZON")
                .containsEntry("BatchSize", batchSize)
                .containsEntry("BisectBatchOnFunctionError", true)
                .containsEntry("MaximumRetryAttempts", retries)
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .containsEntry("DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(logicalId(failures), "Arn")))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                        Map.of("Fn::GetAtt", List.of(logicalId(failures), "QueueName"))))));
        return mapping;
    }

    @Test
    void segmentRefreshRunsHourlyThroughItsLiveAliasAndTheTableHasItsIndex() {
        assertThat(RouteTable.of(LambdaFunction.SEGMENT_EVALUATOR)).isEmpty();
        assertRunsThroughItsLiveAliasAndReadsItsIndex(LambdaFunction.SEGMENT_REFRESH, "rate(1 hour)", TableDesign.REFRESH_INDEX,
                TableDesign.REFRESH_DAY, TableDesign.REFRESH_AT);
    }

    /** A scheduled function: no routes, a rule at {@code rate} targeting its live alias, and its keys-only index on the table. */
    private static void assertRunsThroughItsLiveAliasAndReadsItsIndex(LambdaFunction spec, String rate, String index, String hash,
            String range) {
        assertThat(RouteTable.of(spec)).isEmpty();
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", rate, "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", logicalId(stack.liveAlias(spec))))))));
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("GlobalSecondaryIndexes", Match.arrayWith(List.of(
                Match.objectLike(Map.of("IndexName", index,
                        "KeySchema", List.of(Map.of("AttributeName", hash, "KeyType", "HASH"), Map.of("AttributeName", range, "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "KEYS_ONLY")))))));
    }

    @Test
    void campaignSweepRunsEveryMinuteThroughItsLiveAliasAndTheTableHasTheDueIndex() {
        assertRunsThroughItsLiveAliasAndReadsItsIndex(LambdaFunction.CAMPAIGN_SWEEP, "rate(1 minute)", TableDesign.CAMPAIGN_DUE_INDEX,
                TableDesign.DUE_BUCKET, TableDesign.DUE_AT);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", LambdaFunction.CAMPAIGN_SWEEP.handlerClass()
                + "::handleRequest", "Environment", Map.of("Variables", Match.objectLike(Map.of(AppContext.CAMPAIGN_QUEUE_URL_ENV,
                Map.of("Ref", campaignQueueId()))))));
    }

    /** The job of a scheduled function; null for the others. */
    private ScheduledJob scheduledJob(LambdaFunction spec) {
        return switch (spec) {
            case SEGMENT_REFRESH -> stack.segmentRefresh();
            case LOW_BALANCE_REMINDERS -> stack.lowBalanceReminders();
            case CAMPAIGN_SWEEP -> stack.campaignSweep();
            case SES_EVENTS -> stack.campaigns().sesEvents();
            default -> null;
        };
    }

    @Test
    void lowBalanceRemindersRunDailyThroughTheLiveAlias() {
        Map<String, Object> rule = resources("AWS::Events::Rule").values().stream().map(HubcrmStackTest::properties)
                .filter(r -> "cron(0 6 * * ? *)".equals(r.get("ScheduleExpression"))).findFirst().orElseThrow();
        Map<String, Object> target = asMap(asList(rule.get("Targets")).get(0));
        assertThat(target.get("Arn")).isEqualTo(Map.of("Ref", logicalId(stack.liveAlias(LambdaFunction.LOW_BALANCE_REMINDERS))));
        assertThat(RouteTable.of(LambdaFunction.LOW_BALANCE_REMINDERS)).isEmpty();
        assertThat(resources("AWS::Lambda::Permission").values()).map(HubcrmStackTest::properties)
                .filteredOn(permission -> "events.amazonaws.com".equals(permission.get("Principal")))
                .anySatisfy(permission -> assertThat(permission.get("FunctionName"))
                        .isEqualTo(Map.of("Ref", logicalId(stack.liveAlias(LambdaFunction.LOW_BALANCE_REMINDERS)))));
    }

    /** Every schedule of the stack: a run that fails, or cannot even be delivered, ends in a dead-letter queue. */
    @Test
    void eachScheduleTargetHasADeadLetterQueueRetriesAndAMaximumAge() {
        Map<String, Map<String, Object>> rules = resources("AWS::Events::Rule");
        assertThat(rules).as("segment-refresh, low-balance-reminders, campaign-sweep and ses-events").hasSize(4);
        Map<String, ScheduledJob> jobs = Map.of(
                logicalId(stack.liveAlias(LambdaFunction.SEGMENT_REFRESH)), stack.segmentRefresh(),
                logicalId(stack.liveAlias(LambdaFunction.LOW_BALANCE_REMINDERS)), stack.lowBalanceReminders(),
                logicalId(stack.liveAlias(LambdaFunction.CAMPAIGN_SWEEP)), stack.campaignSweep(),
                logicalId(stack.liveAlias(LambdaFunction.SES_EVENTS)), stack.campaigns().sesEvents());
        for (Map<String, Object> rule : rules.values()) {
            for (Object targetObject : asList(properties(rule).get("Targets"))) {
                Map<String, Object> target = asMap(targetObject);
                ScheduledJob job = jobs.get(ref(target.get("Arn")));
                assertThat(job).as("target %s is a scheduled job's live alias", target.get("Arn")).isNotNull();
                assertThat(target.get("DeadLetterConfig")).isEqualTo(
                        Map.of("Arn", Map.of("Fn::GetAtt", List.of(logicalId(job.deadLetterQueue()), "Arn"))));
                assertThat(asMap(target.get("RetryPolicy"))).containsEntry("MaximumRetryAttempts", ScheduledJob.RETRY_ATTEMPTS)
                        .containsKey("MaximumEventAgeInSeconds");
            }
        }
        // EventBridge invokes asynchronously: a run that fails goes to the same queue through Lambda's own retries.
        // And inbound mail's (InboundMailTest).
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", jobs.size() + 1);
        jobs.forEach((aliasId, job) -> template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                // The live alias's version (a Select out of the alias's ARN).
                "Qualifier", Match.anyValue(),
                "MaximumRetryAttempts", ScheduledJob.RETRY_ATTEMPTS,
                "MaximumEventAgeInSeconds", Match.anyValue(),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(logicalId(job.deadLetterQueue()), "Arn")))))));
        for (ScheduledJob job : jobs.values()) {
            template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of("SqsManagedSseEnabled", true)));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateNumberOfMessagesVisible",
                    "Dimensions", List.of(Map.of("Name", "QueueName", "Value",
                            Map.of("Fn::GetAtt", List.of(logicalId(job.deadLetterQueue()), "QueueName"))))));
            // Only EventBridge may send to it, besides the job's own function.
            template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                    "Queues", List.of(Map.of("Ref", logicalId(job.deadLetterQueue()))),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Action", "sqs:SendMessage", "Principal", Map.of("Service", "events.amazonaws.com"))))))));
        }
    }

    @Test
    void everyAlarmNotifiesTheOneEncryptedAlarmTopic() {
        String topicId = logicalId(stack.alarms().topic());
        Map<String, Map<String, Object>> alarms = resources("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        alarms.forEach((id, alarm) -> assertThat(properties(alarm).get("AlarmActions")).as("alarm %s", id)
                .isEqualTo(List.of(Map.of("Ref", topicId))));
        template.resourceCountIs("AWS::SNS::Topic", 1);
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "Arn"))));
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        // CloudWatch may use the topic's key; the key rotates.
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true,
                "KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"))))))));
        template.hasOutput("AlarmTopic", Map.of("Value", Map.of("Ref", topicId)));
    }

    @Test
    void alarmsAreEmailedToTheAlarmEmailParameterOnlyWhenItIsSet() {
        template.hasParameter(AlarmNotifications.EMAIL_PARAMETER, Map.of("Type", "String", "Default", ""));
        Map<String, Map<String, Object>> subscriptions = resources("AWS::SNS::Subscription");
        assertThat(subscriptions.values()).singleElement().satisfies(subscription -> {
            assertThat(properties(subscription)).containsEntry("Protocol", "email")
                    .containsEntry("Endpoint", Map.of("Ref", AlarmNotifications.EMAIL_PARAMETER))
                    .containsEntry("TopicArn", Map.of("Ref", logicalId(stack.alarms().topic())));
            String condition = (String) subscription.get("Condition");
            assertThat(asMap(template.toJSON().get("Conditions")).get(condition)).isEqualTo(Map.of("Fn::Not",
                    List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", AlarmNotifications.EMAIL_PARAMETER), "")))));
        });
    }

    @Test
    void theMailSenderIsARequiredParameter() {
        Map<String, Object> parameter = asMap(asMap(template.toJSON().get("Parameters")).get(HubcrmStack.MAIL_FROM_PARAMETER));
        assertThat(parameter).containsEntry("Type", "String").doesNotContainKey("Default").containsKey("AllowedPattern");
        assertThat(template.toJSON().toString()).doesNotContain(".invalid");
    }

    @Test
    void theTableHasTheBalanceAndReminderHubsIndexes() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("GlobalSecondaryIndexes", Match.arrayWith(List.of(
                Match.objectLike(Map.of("IndexName", TableDesign.BALANCE_INDEX,
                        "KeySchema", List.of(Map.of("AttributeName", "PK", "KeyType", "HASH"),
                                Map.of("AttributeName", "balance", "KeyType", "RANGE")))),
                Match.objectLike(Map.of("IndexName", TableDesign.REMINDER_HUBS_INDEX,
                        "Projection", Map.of("ProjectionType", "KEYS_ONLY")))))));
    }

    /** What the local server and the tests run on is what deploys: the same indexes, keys and projections. */
    @Test
    void theTableHasExactlyTheIndexesTheLocalProvisionerCreates() {
        List<Map<String, Object>> expected = new ArrayList<>();
        for (GlobalSecondaryIndex index : TableProvisioner.indexes()) {
            Map<String, Object> projection = new HashMap<>(Map.of("ProjectionType", index.projection().projectionTypeAsString()));
            if (index.projection().hasNonKeyAttributes()) {
                projection.put("NonKeyAttributes", index.projection().nonKeyAttributes());
            }
            expected.add(Map.of("IndexName", index.indexName(),
                    "KeySchema", index.keySchema().stream()
                            .map(key -> Map.of("AttributeName", key.attributeName(), "KeyType", key.keyTypeAsString())).toList(),
                    "Projection", projection));
        }
        Map<String, Object> table = properties(resources("AWS::DynamoDB::Table").values().iterator().next());
        assertThat(asList(table.get("GlobalSecondaryIndexes"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void importUploadsArePrivateEncryptedTlsOnlyAndGoneAfterADay() {
        // And the raw inbound mail's (InboundMailTest).
        template.resourceCountIs("AWS::S3::Bucket", 2);
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Prefix", ImportUploads.KEY_PREFIX, "ExpirationInDays", 1, "Status", "Enabled",
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        Map<String, Object> imports = properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack.function(LambdaFunction.IMPORTS_API))));
        assertThat(asMap(asMap(imports.get("Environment")).get("Variables")).get(AppContext.UPLOAD_BUCKET_ENV))
                .isEqualTo(Map.of("Ref", logicalId(stack.importUploads())));
        // Only the imports API (and, for exports, the export worker) reaches the bucket.
        String workerRole = getAttTarget(properties(resources("AWS::Lambda::Function")
                .get(logicalId(stack.function(LambdaFunction.EXPORT_WORKER)))).get("Role"));
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            for (Object statement : asList(((Map<?, ?>) properties(policy).get("PolicyDocument")).get("Statement"))) {
                // (inbound-mail reads its own bucket: InboundMailTest)
                if (asStrings(asMap(statement).get("Action")).stream().anyMatch(action -> action.startsWith("s3:"))
                        && String.valueOf(asMap(statement).get("Resource")).contains(logicalId(stack.importUploads()))) {
                    assertThat(asList(properties(policy).get("Roles"))).singleElement()
                            .isIn(Map.of("Ref", getAttTarget(imports.get("Role"))), Map.of("Ref", workerRole));
                }
            }
        }
    }

    @Test
    void outputsApiUrlAndTableName() {
        template.hasOutput("ApiUrl", Map.of("Value", Match.anyValue()));
        template.hasOutput("TableName", Map.of("Value", Map.of("Ref", logicalId(stack.table()))));
    }

    // --- template helpers ---

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> function) {
        Map<String, Object> environment = (Map<String, Object>) properties(function).get("Environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment.get("Variables");
    }

    private static String importQueueId() {
        return logicalId(stack.importQueue().queue());
    }

    private static String campaignQueueId() {
        return logicalId(stack.campaigns().queue().queue());
    }

    private static String exportQueueId() {
        return logicalId(stack.exports().queue().queue());
    }

    private static String logicalId(IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    private static String ref(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (String) ((Map<?, ?>) value).get("Ref");
    }

    private static String getAttTarget(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (String) ((List<?>) ((Map<?, ?>) value).get("Fn::GetAtt")).get(0);
    }

    /** {@code {"Fn::Join": ["", ["integrations/", {"Ref": id}]]}} → {@code id}. */
    private static String joinedRef(Object value) {
        List<?> join = (List<?>) ((Map<?, ?>) value).get("Fn::Join");
        return ((List<?>) join.get(1)).stream()
                .filter(Map.class::isInstance)
                .map(HubcrmStackTest::ref)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Ref in " + value));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<String> asStrings(Object value) {
        return asList(value).stream().map(String.class::cast).toList();
    }
}
