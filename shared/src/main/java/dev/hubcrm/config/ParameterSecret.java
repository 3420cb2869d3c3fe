package dev.hubcrm.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A secret kept as an SSM Parameter Store SecureString (the stack passes only its name), read on
 * first use rather than at init, so that it never sits in a SnapStart snapshot, and read again
 * after {@link #REFRESH} so that a rotated secret takes effect without a deployment.
 */
final class ParameterSecret implements Supplier<String> {
    static final Duration REFRESH = Duration.ofMinutes(5);

    private final String parameterName;
    private final Clock clock;
    private SsmClient ssm;
    private String value;
    private Instant readAt;

    ParameterSecret(String parameterName, Clock clock) {
        this.parameterName = parameterName;
        this.clock = clock;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (value == null || now.isAfter(readAt.plus(REFRESH))) {
            if (ssm == null) {
                ssm = AwsClients.inLambda(SsmClient.builder());
            }
            value = ssm.getParameter(r -> r.name(parameterName).withDecryption(true)).parameter().value();
            readAt = now;
        }
        return value;
    }

    /**
     * The secret from the environment variable {@code valueEnv} (local runs), else from the
     * parameter named by {@code parameterNameEnv} (the stack); a clear error on use when neither is set.
     */
    static Supplier<String> fromEnvironment(String valueEnv, String parameterNameEnv, Clock clock) {
        String value = System.getenv(valueEnv);
        if (value != null && !value.isBlank()) {
            return () -> value;
        }
        String parameter = System.getenv(parameterNameEnv);
        if (parameter != null && !parameter.isBlank()) {
            return new ParameterSecret(parameter, clock);
        }
        return () -> {
            throw new IllegalStateException("neither " + valueEnv + " nor " + parameterNameEnv + " is set");
        };
    }
}
