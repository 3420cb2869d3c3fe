package dev.hubcrm.infra;

import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Where every alarm of the stack goes: one encrypted, TLS-only SNS topic, with an email
 * subscription to the {@value #EMAIL_PARAMETER} stack parameter when it is set. An aspect adds
 * the topic to every {@link Alarm} of the stack at synthesis, so an alarm added later by any
 * feature notifies too, without anyone having to remember it.
 */
public final class AlarmNotifications extends Construct {

    /** The stack parameter: an address to email alarms to; empty (the default) for no subscription. */
    public static final String EMAIL_PARAMETER = "AlarmEmail";

    private final Topic topic;

    public AlarmNotifications(Stack stack, String id) {
        super(stack, id);
        CfnParameter email = CfnParameter.Builder.create(this, EMAIL_PARAMETER)
                .type("String")
                .defaultValue("")
                .allowedPattern("^$|^[^@\\s]+@[^@\\s]+$")
                .constraintDescription("an email address, or empty for no email subscription")
                .description("Where CloudWatch alarms of hubcrm are emailed (the address must confirm the"
                        + " subscription); leave empty to subscribe nobody and use the AlarmTopic output")
                .build();
        email.overrideLogicalId(EMAIL_PARAMETER);

        // Not the AWS managed aws/sns key: CloudWatch must be allowed to use the key, and only a
        // customer managed key's policy can say so.
        Key key = Key.Builder.create(this, "Key")
                .description("hubcrm alarm topic: CloudWatch publishes alarms through it")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        topic = Topic.Builder.create(this, "Topic")
                .displayName("hubcrm alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();

        CfnCondition hasEmail = CfnCondition.Builder.create(this, "HasAlarmEmail")
                .expression(Fn.conditionNot(Fn.conditionEquals(email.getValueAsString(), "")))
                .build();
        CfnSubscription subscription = CfnSubscription.Builder.create(this, "EmailSubscription")
                .topicArn(topic.getTopicArn())
                .protocol("email")
                .endpoint(email.getValueAsString())
                .build();
        subscription.getCfnOptions().setCondition(hasEmail);

        SnsAction notify = new SnsAction(topic);
        Aspects.of(stack).add(new IAspect() {
            @Override
            public void visit(IConstruct node) {
                if (node instanceof Alarm alarm) {
                    alarm.addAlarmAction(notify);
                }
            }
        });
    }

    public Topic topic() {
        return topic;
    }
}
