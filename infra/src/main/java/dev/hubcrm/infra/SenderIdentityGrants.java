package dev.hubcrm.infra;

import dev.hubcrm.mail.SesSenderIdentities;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;

/**
 * Hubs' own sender identities (ADR 26): hubs-admin creates and reads SES email identities, tagging
 * each with its hub ({@value #HUB_TAG}); the functions that send a hub's mail may send as an
 * identity carrying that tag (a hub's verified address or domain), beside the {@code MailFrom}
 * identity they already may. Identities are named by hubs at run time, so the grants name them by
 * the account's {@code identity/*}.
 */
final class SenderIdentityGrants {
    static final String HUB_TAG = SesSenderIdentities.HUB_TAG;
    static final List<String> MANAGE_ACTIONS = List.of("ses:CreateEmailIdentity", "ses:GetEmailIdentity", "ses:TagResource");
    private static final RegexAppliesTo ANY_IDENTITY = RegexAppliesTo.builder()
            .regex("/^Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity\\/\\*$/").build();

    private SenderIdentityGrants() {
    }

    static void grant(Stack stack, Function hubsAdmin, List<Function> senders) {
        String anyIdentity = HubcrmStack.sesIdentityArn(stack, "*");
        hubsAdmin.addToRolePolicy(PolicyStatement.Builder.create().actions(MANAGE_ACTIONS).resources(List.of(anyIdentity)).build());
        suppressAnyIdentity(hubsAdmin, "A hub names its sender address or domain at run time; hubs-admin creates it as an SES"
                + " identity (tagged with the hub on creation, hence TagResource) and reads its status, on identities only.");
        for (Function sender : senders) {
            sender.addToRolePolicy(PolicyStatement.Builder.create().actions(List.of("ses:SendEmail")).resources(List.of(anyIdentity))
                    .conditions(Map.of("StringLike", Map.of("aws:ResourceTag/" + HUB_TAG, "hub_*"))).build());
            suppressAnyIdentity(sender, "Hubs' verified sender identities are named at run time; sending is allowed only as an"
                    + " identity tagged " + HUB_TAG + " (one hubcrm created for a hub), besides the MailFrom identity.");
        }
    }

    private static void suppressAnyIdentity(Function function, String reason) {
        NagSuppressions.addResourceSuppressions(function.getRole(), List.of(NagPackSuppression.builder().id("AwsSolutions-IAM5")
                .reason(reason).appliesTo(List.of(ANY_IDENTITY)).build()), true);
    }
}
