package dev.hubcrm.bench;

import software.amazon.awssdk.http.crt.AwsCrtHttpClient;

/** {@link BareHelloHandler} on the AWS CRT HTTP client (only in target/bare-hello-crt.jar). */
public final class BareCrtHelloHandler extends BareHelloHandler {
    public BareCrtHelloHandler() {
        super(AwsCrtHttpClient.create());
    }
}
