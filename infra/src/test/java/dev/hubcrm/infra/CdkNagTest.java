package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The stack passes the AwsSolutions checks, with only the suppressions we can justify. */
class CdkNagTest {

    private static Annotations annotations;
    private static Template template;

    @BeforeAll
    static void synthesizeWithChecks() {
        // With this flag on (as in cdk.json) error annotations abort synthesis, which is right for
        // `cdk synth` but would hide the list of findings this test reports.
        App app = TestStacks.newApp(Map.of("@aws-cdk/core:annotationsInValidationReport", false));
        HubcrmStack stack = TestStacks.newStack(app);
        Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        annotations = Annotations.fromStack(stack);
        template = Template.fromStack(stack);
    }

    @Test
    void noUnsuppressedErrors() {
        List<SynthesisMessage> errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(errors).as(describe(errors)).isEmpty();
    }

    @Test
    void noUnsuppressedWarnings() {
        List<SynthesisMessage> warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertThat(warnings).as(describe(warnings)).isEmpty();
    }

    /** A new suppression must be a decision, made here too, not a side effect. */
    @Test
    void onlyTheJustifiedRulesAreSuppressed() {
        Set<String> suppressed = new TreeSet<>();
        for (Map<String, Object> resource : template.toJSON().entrySet().stream()
                .filter(entry -> entry.getKey().equals("Resources"))
                .flatMap(entry -> ((Map<?, ?>) entry.getValue()).values().stream())
                .map(CdkNagTest::asMap)
                .toList()) {
            Map<String, Object> metadata = asMap(resource.getOrDefault("Metadata", Map.of()));
            Map<String, Object> cdkNag = asMap(metadata.getOrDefault("cdk_nag", Map.of()));
            for (Object rule : (List<?>) cdkNag.getOrDefault("rules_to_suppress", List.of())) {
                Map<String, Object> suppression = asMap(rule);
                assertThat((String) suppression.get("reason")).as("reason of %s", suppression.get("id"))
                        .hasSizeGreaterThan(40);
                suppressed.add((String) suppression.get("id"));
            }
        }
        assertThat(suppressed).containsExactlyInAnyOrder(
                "AwsSolutions-APIG4", "AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-S1");
    }

    private static String describe(List<SynthesisMessage> messages) {
        return messages.stream()
                .map(message -> message.getId() + ": " + message.getEntry().getData())
                .collect(Collectors.joining("\n", "cdk-nag findings:\n", ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }
}
