package dev.hubcrm.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubcrm.routes.LambdaFunction;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: finds the repository, checks its inputs, and synthesizes {@link HubcrmStack} with
 * the shaded function jars, under the AwsSolutions cdk-nag checks.
 *
 * <p>Run by the CDK CLI from {@code infra/} (see {@code cdk.json}), or directly with {@code java};
 * then the cloud assembly goes to {@code infra/cdk.out}.
 */
public final class HubcrmApp {

    public static final String STACK_ID = "Hubcrm";
    /** Context key: lowercase hex SHA-256 of the operator key, e.g. {@code cdk synth -c operatorKeySha256=...}. */
    public static final String OPERATOR_KEY_CONTEXT = "operatorKeySha256";

    private HubcrmApp() {
    }

    public static void main(String[] args) {
        try {
            synth(Path.of("").toAbsolutePath());
        } catch (SynthInputException e) {
            System.err.println("hubcrm synth: " + e.getMessage());
            System.exit(1);
        }
    }

    static void synth(Path workingDirectory) {
        Path repoRoot = findRepoRoot(workingDirectory);
        Path infraDir = repoRoot.resolve("infra");

        AppProps.Builder appProps = AppProps.builder().context(cdkJsonContext(infraDir.resolve("cdk.json")));
        // The CLI tells the app where to write; run directly, write where the CLI would.
        if (System.getenv("CDK_OUTDIR") == null) {
            appProps.outdir(infraDir.resolve("cdk.out").toString());
        }
        App app = new App(appProps.build());

        String operatorKeySha256 = requireOperatorKeySha256(app.getNode().tryGetContext(OPERATOR_KEY_CONTEXT));
        Map<LambdaFunction, Path> jars = requireFunctionJars(repoRoot);

        new HubcrmStack(app, STACK_ID, stackProps(),
                function -> Code.fromAsset(jars.get(function).toString()), operatorKeySha256);
        Tags.of(app).add("project", "hubcrm");
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }

    static StackProps stackProps() {
        return StackProps.builder()
                .description("hubcrm: CRM and prepaid wallet API for food hubs")
                .build();
    }

    /** The nearest directory at or above {@code start} that holds {@code functions/}. */
    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new SynthInputException("no hubcrm repository (a directory containing functions/) at or above "
                + start.toAbsolutePath() + "; run the synth from inside the repository");
    }

    static Map<LambdaFunction, Path> requireFunctionJars(Path repoRoot) {
        Map<LambdaFunction, Path> jars = new EnumMap<>(LambdaFunction.class);
        StringBuilder missing = new StringBuilder();
        for (LambdaFunction function : LambdaFunction.values()) {
            Path jar = functionJar(repoRoot, function);
            if (Files.isRegularFile(jar)) {
                jars.put(function, jar);
            } else {
                missing.append("\n  ").append(jar);
            }
        }
        if (!missing.isEmpty()) {
            throw new SynthInputException("missing function jar(s):" + missing
                    + "\nrun ./dev synth, which builds the functions before synthesizing");
        }
        return jars;
    }

    /** Where the function module's shade plugin puts its jar. */
    static Path functionJar(Path repoRoot, LambdaFunction function) {
        return repoRoot.resolve("functions").resolve(function.module()).resolve("target")
                .resolve(function.module() + ".jar");
    }

    static String requireOperatorKeySha256(Object contextValue) {
        if (contextValue == null || contextValue.toString().isBlank()) {
            throw new SynthInputException("context value " + OPERATOR_KEY_CONTEXT + " is missing; pass the "
                    + "SHA-256 of the operator key, e.g. cdk synth -c " + OPERATOR_KEY_CONTEXT
                    + "=$(printf %s \"$HUBCRM_OPERATOR_KEY\" | sha256sum | cut -d' ' -f1)");
        }
        String value = contextValue.toString();
        if (!HubcrmStack.SHA256_HEX.matcher(value).matches()) {
            // Never echo the value: it might be the plaintext key passed by mistake.
            throw new SynthInputException("context value " + OPERATOR_KEY_CONTEXT + " must be 64 lowercase hex "
                    + "characters (the SHA-256 of the operator key, not the key itself); got "
                    + value.length() + " characters");
        }
        return value;
    }

    /**
     * The {@code context} block of {@code cdk.json} (the feature flags). The CLI passes it as well;
     * reading it here makes a direct run and the tests synthesize exactly what the CLI does.
     */
    public static Map<String, Object> cdkJsonContext(Path cdkJson) {
        try {
            Map<String, Object> config = new ObjectMapper().readValue(cdkJson.toFile(), new TypeReference<>() {
            });
            Object context = config.getOrDefault("context", Map.of());
            if (!(context instanceof Map<?, ?> map)) {
                throw new SynthInputException(cdkJson + ": \"context\" is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        } catch (IOException e) {
            throw new SynthInputException("cannot read " + cdkJson + ": " + e.getMessage());
        }
    }

    /** A missing or malformed synth input; reported as one clear line, without a stack trace. */
    static final class SynthInputException extends RuntimeException {
        SynthInputException(String message) {
            super(message);
        }
    }
}
