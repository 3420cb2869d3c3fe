package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.routes.LambdaFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Hubs' sender identities in the stack: hubs-admin manages SES identities, the mail functions send as hub-tagged ones. */
class SenderIdentityGrantsTest {
    private static HubcrmStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.newStack(TestStacks.newApp());
        template = Template.fromStack(stack);
    }

    /** The policies of {@code spec}'s role holding a statement like {@code statement}. */
    private static Map<String, Map<String, Object>> policiesOf(LambdaFunction spec, Map<String, Object> statement) {
        String role = stack.getLogicalId((CfnElement) stack.function(spec).getRole().getNode().getDefaultChild());
        return template.findResources("AWS::IAM::Policy", Map.of("Properties", Match.objectLike(Map.of(
                "Roles", List.of(Map.of("Ref", role)),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(statement)))))))));
    }

    @Test
    void hubsAdminCreatesTagsAndReadsSesIdentities() {
        assertThat(policiesOf(LambdaFunction.HUBS_ADMIN, Map.of("Action", SenderIdentityGrants.MANAGE_ACTIONS,
                "Resource", Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(":identity/*")))))))).hasSize(1);
    }

    @Test
    void everyFunctionThatSendsAHubsMailMaySendAsHubTaggedIdentities() {
        for (LambdaFunction spec : List.of(LambdaFunction.LOW_BALANCE_REMINDERS, LambdaFunction.CAMPAIGNS_API, LambdaFunction.CAMPAIGN_SENDER)) {
            assertThat(policiesOf(spec, Map.of("Action", "ses:SendEmail",
                    "Condition", Map.of("StringLike", Map.of("aws:ResourceTag/hubcrm:hub", "hub_*")))))
                    .as(spec.module()).hasSize(1);
        }
        assertThat(policiesOf(LambdaFunction.HUBS_ADMIN, Map.of("Action", "ses:SendEmail"))).isEmpty();
    }
}
