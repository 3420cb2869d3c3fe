package dev.hubcrm.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.IConstruct;

/** Builds the stack as the app does, with a tiny stand-in asset instead of the function jars. */
final class TestStacks {

    /** A fixed, valid operator-key hash (the SHA-256 of "operator-key-for-tests"). */
    static final String OPERATOR_KEY_SHA256 = "de413284fee222ff4399cb0dd21e4d2c74ae894fcfc7b69d3c7d32c760646f2f";

    private TestStacks() {
    }

    /** An app with cdk.json's feature flags, so tests see the template the CLI synthesizes. */
    static App newApp() {
        return newApp(Map.of());
    }

    static App newApp(Map<String, Object> contextOverrides) {
        Map<String, Object> context = new HashMap<>(HubcrmApp.cdkJsonContext(Path.of("cdk.json")));
        context.putAll(contextOverrides);
        return new App(AppProps.builder().context(context).build());
    }

    static HubcrmStack newStack(App app) {
        Code placeholder = Code.fromAsset(placeholderCodeDir().toString());
        return new HubcrmStack(app, HubcrmApp.STACK_ID, HubcrmApp.stackProps(), function -> placeholder,
                OPERATOR_KEY_SHA256);
    }

    /** The logical id of a construct's CloudFormation resource in its stack's template. */
    static String logicalId(IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    private static Path placeholderCodeDir() {
        try {
            Path dir = Files.createTempDirectory("hubcrm-placeholder-code");
            Files.writeString(dir.resolve("README.txt"), "stand-in for a function jar in infra tests\n");
            dir.toFile().deleteOnExit();
            dir.resolve("README.txt").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
