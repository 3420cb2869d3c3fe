package dev.hubcrm.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Secrets through Powertools Parameters against moto's SSM: a SecureString is read decrypted, kept
 * for the max age (SSM is not asked again), and a rotated value is seen once the max age has passed.
 * The test class path carries no AspectJ, as the function jars carry none: the provider runs without it.
 */
class SsmSecretsTest {
    private static EmulatorProcess moto;
    private static SsmClient ssm;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        ssm = AwsClients.emulator(SsmClient.builder(), moto.endpoint(), Region.EU_WEST_1);
    }

    @AfterAll
    static void stopMoto() {
        ssm.close();
        moto.close();
    }

    private static String secureString(String value) {
        String name = "/hubcrm/test/" + UUID.randomUUID();
        put(name, value);
        return name;
    }

    private static void put(String name, String value) {
        ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.SECURE_STRING).overwrite(true));
    }

    @Test
    void aSecureStringIsReadDecryptedAndKeptForTheMaxAge() {
        String name = secureString("sk_test_first");
        Supplier<String> secret = new SsmSecrets(() -> ssm, SsmSecrets.MAX_AGE).parameter(name);

        assertThat(secret.get()).isEqualTo("sk_test_first");
        put(name, "sk_test_rotated");
        assertThat(secret.get()).as("within the max age the cached value is used").isEqualTo("sk_test_first");
    }

    @Test
    void aRotatedSecureStringIsSeenAfterTheMaxAge() throws InterruptedException {
        Duration maxAge = Duration.ofSeconds(1);
        String name = secureString("sk_test_first");
        Supplier<String> secret = new SsmSecrets(() -> ssm, maxAge).parameter(name);
        assertThat(secret.get()).isEqualTo("sk_test_first");

        put(name, "sk_test_rotated");
        // The provider's cache reads the system clock: the max age has to pass for real.
        Thread.sleep(maxAge.plusMillis(100).toMillis());

        assertThat(secret.get()).isEqualTo("sk_test_rotated");
    }

    @Test
    void aSecretGivenInTheEnvironmentIsNeverLookedUp() {
        SsmSecrets secrets = new SsmSecrets(() -> {
            throw new AssertionError("no SSM client may be built");
        }, SsmSecrets.MAX_AGE);

        assertThat(secrets.fromEnvironment("PATH", "HUBCRM_NO_SUCH_PARAMETER_ENV").get()).isEqualTo(System.getenv("PATH"));
    }
}
