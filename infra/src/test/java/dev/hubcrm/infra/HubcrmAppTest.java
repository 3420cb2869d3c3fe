package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.infra.HubcrmApp.SynthInputException;
import dev.hubcrm.routes.LambdaFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubcrmAppTest {

    @TempDir
    Path repo;

    @Test
    void operatorKeyHashMustBeGiven() {
        assertThatThrownBy(() -> HubcrmApp.requireOperatorKeySha256(null))
                .isInstanceOf(SynthInputException.class)
                .hasMessageContaining("operatorKeySha256 is missing");
    }

    @Test
    void operatorKeyHashMustBe64LowercaseHexAndIsNeverEchoed() {
        assertThatThrownBy(() -> HubcrmApp.requireOperatorKeySha256("the-plain-operator-key"))
                .isInstanceOf(SynthInputException.class)
                .hasMessageContaining("64 lowercase hex")
                .hasMessageNotContaining("the-plain-operator-key");
        assertThatThrownBy(() -> HubcrmApp.requireOperatorKeySha256(TestStacks.OPERATOR_KEY_SHA256.toUpperCase()))
                .isInstanceOf(SynthInputException.class);
        assertThat(HubcrmApp.requireOperatorKeySha256(TestStacks.OPERATOR_KEY_SHA256))
                .isEqualTo(TestStacks.OPERATOR_KEY_SHA256);
    }

    @Test
    void repoRootIsTheNearestDirectoryWithFunctions() throws IOException {
        Files.createDirectories(repo.resolve("functions"));
        Path infra = Files.createDirectories(repo.resolve("infra"));
        assertThat(HubcrmApp.findRepoRoot(infra)).isEqualTo(repo);
        assertThat(HubcrmApp.findRepoRoot(repo)).isEqualTo(repo);
    }

    @Test
    void missingJarsAreNamedWithTheCommandThatBuildsThem() throws IOException {
        Path present = HubcrmApp.functionJar(repo, LambdaFunction.HUBS_ADMIN);
        Files.createDirectories(present.getParent());
        Files.write(present, new byte[] {'P', 'K'});

        assertThatThrownBy(() -> HubcrmApp.requireFunctionJars(repo))
                .isInstanceOf(SynthInputException.class)
                .hasMessageContaining(HubcrmApp.functionJar(repo, LambdaFunction.CUSTOMERS_API).toString())
                .hasMessageNotContaining(present.toString())
                .hasMessageContaining("./dev synth");
    }

    @Test
    void functionJarsLiveInTheirModulesTarget() {
        assertThat(HubcrmApp.functionJar(repo, LambdaFunction.CUSTOMERS_API))
                .isEqualTo(repo.resolve("functions/customers-api/target/customers-api.jar"));
    }

    @Test
    void featureFlagsComeFromCdkJson() {
        assertThat(HubcrmApp.cdkJsonContext(Path.of("cdk.json")))
                .containsEntry("@aws-cdk/aws-iam:minimizePolicies", true);
    }
}
