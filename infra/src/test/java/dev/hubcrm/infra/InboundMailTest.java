package dev.hubcrm.infra;

import static dev.hubcrm.infra.TestStacks.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.routes.LambdaFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Inbound mail in the stack: a receipt rule that stores, then invokes; a private bucket; failed runs kept and alarmed. */
class InboundMailTest {
    private static HubcrmStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.newStack(TestStacks.newApp());
        template = Template.fromStack(stack);
    }

    @Test
    void theRuleTakesTheInboundDomainStoresTheMailThenInvokesTheLiveAliasOnlyWhenADomainIsGiven() {
        Map<String, Map<String, Object>> rules = template.findResources("AWS::SES::ReceiptRule");
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = rules.values().iterator().next();
        assertThat(rule.get("Condition")).isNotNull();
        assertThat(template.findResources("AWS::SES::ReceiptRuleSet").values())
                .allSatisfy(ruleSet -> assertThat(ruleSet.get("Condition")).isEqualTo(rule.get("Condition")));
        template.hasResourceProperties("AWS::SES::ReceiptRule", Map.of("Rule", Match.objectLike(Map.of(
                "Enabled", true,
                "ScanEnabled", true,
                "TlsPolicy", "Require",
                "Recipients", List.of(Map.of("Ref", InboundMail.INBOUND_DOMAIN_PARAMETER)),
                "Actions", List.of(
                        Map.of("S3Action", Map.of("BucketName", Map.of("Ref", logicalId(stack.inboundMail().bucket())),
                                "ObjectKeyPrefix", "inbound/")),
                        Map.of("LambdaAction", Map.of("FunctionArn", Map.of("Ref", logicalId(stack.liveAlias(LambdaFunction.INBOUND_MAIL))),
                                "InvocationType", "Event")))))));
        template.hasParameter(InboundMail.INBOUND_DOMAIN_PARAMETER, Map.of("Default", ""));
    }

    @Test
    void rawMailIsPrivateEncryptedAndGoesAfterThirtyDays() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration",
                        List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LifecycleConfiguration", Map.of("Rules", List.of(Map.of("Id", "ExpireRawMail", "ExpirationInDays", 30,
                        "Status", "Enabled")))));
        String policies = template.findResources("AWS::S3::BucketPolicy").toString();
        assertThat(policies).as("SES may write the mails, for this account only").contains("ses.amazonaws.com", "s3:PutObject",
                "aws:SourceAccount", "AWS::AccountId");
    }

    @Test
    void aRunThatFailsForGoodLandsInAnAlarmedDeadLetterQueue() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                // The live alias's version (a Select out of the alias's ARN).
                "Qualifier", Match.anyValue(),
                "MaximumRetryAttempts", InboundMail.RETRY_ATTEMPTS,
                "MaximumEventAgeInSeconds", 6 * 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(logicalId(stack.inboundMail().deadLetterQueue()), "Arn"))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Dimensions", List.of(Map.of("Name", "QueueName",
                "Value", Map.of("Fn::GetAtt", List.of(logicalId(stack.inboundMail().deadLetterQueue()), "QueueName"))))));
    }
}
