package dev.hubcrm.config;

import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Secrets kept as SSM Parameter Store SecureStrings (the stack passes only their names), read
 * through Powertools Parameters' SSM provider and its cache. Nothing is read, and no client built,
 * before the first use: under SnapStart init is snapshotted, and no secret may sit in the snapshot.
 * A value is read again once it is {@link #MAX_AGE} old, so a rotated secret takes effect without a
 * deployment, in every caller that asks at use time. The provider's client is one of
 * {@link AwsClients} (the URL-connection HTTP client the jars carry; {@code AWS_ENDPOINT_URL_SSM} is
 * honoured), not the provider's own default.
 */
final class SsmSecrets {
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final Supplier<SsmClient> client;
    private final Duration maxAge;
    private SSMProvider provider;

    SsmSecrets(Supplier<SsmClient> client, Duration maxAge) {
        this.client = client;
        this.maxAge = maxAge;
    }

    /** The secrets of a function inside Lambda. */
    static SsmSecrets inLambda() {
        return new SsmSecrets(() -> AwsClients.inLambda(SsmClient.builder()), MAX_AGE);
    }

    /** The current value of the SecureString {@code parameterName}, decrypted, at most the max age old. */
    Supplier<String> parameter(String parameterName) {
        return () -> provider().withDecryption().get(parameterName);
    }

    /**
     * The secret from the environment variable {@code valueEnv} (local runs), else from the
     * parameter named by {@code parameterNameEnv} (the stack); a clear error on use when neither is set.
     */
    Supplier<String> fromEnvironment(String valueEnv, String parameterNameEnv) {
        String value = System.getenv(valueEnv);
        if (value != null && !value.isBlank()) {
            return () -> value;
        }
        String parameter = System.getenv(parameterNameEnv);
        if (parameter != null && !parameter.isBlank()) {
            return parameter(parameter);
        }
        return () -> {
            throw new IllegalStateException("neither " + valueEnv + " nor " + parameterNameEnv + " is set");
        };
    }

    private synchronized SSMProvider provider() {
        if (provider == null) {
            CacheManager cache = new CacheManager();
            cache.setDefaultExpirationTime(maxAge);
            provider = SSMProvider.builder().withClient(client.get()).withCacheManager(cache).build();
        }
        return provider;
    }
}
