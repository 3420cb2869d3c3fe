package dev.hubcrm.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubcrm.support.LocalDynamo.Target;
import org.junit.jupiter.api.Test;

/** How the integration tests pick their DynamoDB, and what they say when LocalStack cannot run. */
class LocalDynamoTargetTest {
    @Test
    void without_the_property_the_tests_use_DynamoDB_Local() {
        assertThat(Target.of(null)).isEqualTo(Target.DYNAMODB_LOCAL);
        assertThat(Target.of(" ")).isEqualTo(Target.DYNAMODB_LOCAL);
        assertThat(Target.of("dynamodb-local")).isEqualTo(Target.DYNAMODB_LOCAL);
        assertThat(Target.of("localstack")).isEqualTo(Target.LOCALSTACK);
    }

    @Test
    void an_unknown_target_fails_instead_of_falling_back() {
        assertThatThrownBy(() -> Target.of("localstak"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hubcrm.it.target=localstak")
                .hasMessageContaining("-Plocalstack");
    }

    @Test
    void the_skip_reason_is_one_line_naming_what_was_looked_for() {
        assertThat(LocalDynamo.noDockerReason(null, false)).isEqualTo(
                "localstack profile: no Docker engine reachable (DOCKER_HOST unset, /var/run/docker.sock missing);"
                        + " integration tests skipped");
        assertThat(LocalDynamo.noDockerReason("tcp://10.0.0.5:2375", true))
                .contains("DOCKER_HOST=tcp://10.0.0.5:2375 not answering", "/var/run/docker.sock not answering")
                .doesNotContain("\n");
    }
}
