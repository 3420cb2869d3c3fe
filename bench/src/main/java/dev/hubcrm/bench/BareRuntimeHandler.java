package dev.hubcrm.bench;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The yardstick of the cold start under the Lambda runtime ({@code --only runtime-cold}): the bare
 * GetItem of {@link BareHelloHandler}, with the credentials a SnapStart function has, the SDK's
 * default chain reading the container credentials endpoint, as {@code AwsClients.inLambda} does.
 * Loaded by the runtime interface client from the task root of {@code bench/target/bare-hello.jar}.
 */
public class BareRuntimeHandler extends BareHelloHandler {
    public BareRuntimeHandler() {
        super(UrlConnectionHttpClient.create(), DefaultCredentialsProvider.builder().build());
    }
}
