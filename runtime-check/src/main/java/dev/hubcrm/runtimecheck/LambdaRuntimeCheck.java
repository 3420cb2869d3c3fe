package dev.hubcrm.runtimecheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.S3RawMailStore;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.local.LocalServer;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.runtimecheck.LambdaProcess.Invocation;
import dev.hubcrm.runtimecheck.Scenario.Step;
import dev.hubcrm.runtimecheck.StackTemplate.FunctionDefinition;
import dev.hubcrm.testkit.lambda.Events;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code lambda-runtime} stage of {@code ./dev test}: every function of the synthesized template
 * run as AWS Lambda runs it (its jar unzipped as the task root; its handler string, memory, timeout and
 * environment from the template; credentials only from a container credentials endpoint; the Java
 * runtime interface client behind the runtime interface emulator) and sent the {@code events/}
 * samples of {@link Scenario}; HTTP answers must agree with the local server's for the same request.
 * A second pass starts each SnapStart function as SnapStart does
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}): the runtime client then runs the CRaC
 * {@code beforeCheckpoint} hooks after init and asks for a restore, which the emulator cannot do (it
 * answers 404): that pass checks that init and every hook complete.
 *
 * <p>Usage: {@code LambdaRuntimeCheck <cloud assembly dir> <aws-lambda-rie> <ric-classpath.txt> <events dir> <work dir>},
 * with {@code HUBCRM_OPERATOR_KEY} the key whose SHA-256 the template holds. Exits 1 when a check fails.
 */
public final class LambdaRuntimeCheck {
    static final String STACK = "Hubcrm";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The stack parameters a deployment must give (the others keep their defaults). */
    private static final Map<String, String> PARAMETERS = Map.of("MailFrom", "wallet@runtime-check.example",
            "InboundDomain", "inbound.runtime-check.example");
    /** What the stack's SecureString parameters hold here. */
    private static final String STRIPE_SECRET_KEY = "sk_test_runtimecheck";
    private static final String STRIPE_WEBHOOK_SECRET = "whsec_runtime_check";
    /** A top-up neither world knows: the webhook answers it the same way in both. */
    private static final String UNKNOWN_TOP_UP = "top_runtimecheck0000000000000";
    /**
     * An SES message id of no campaign mail (SES's own ids never reach this run): ses-events parses the
     * event as the runtime delivers it, reads its lookup item and records nothing.
     */
    private static final String UNKNOWN_SES_MESSAGE = "0102runtimecheck-ses-message";
    private static final String UNKNOWN_SESSION = "cs_runtimecheck0000000000000";
    /** The run of the channel join and rename step samples: no step item has it, so the steps record nothing (ADR 30). */
    private static final String UNKNOWN_STEP_RUN = "run_runtimecheck";
    /** The event id of the outbox item the stream sample carries (the publisher passes it on as it is). */
    private static final String OUTBOX_EVENT_ID = "evt_01JDRUNTIMECHECK00000000000";
    /** The resource types the check creates on the emulators; others resolve to a name only. */
    private static final Set<String> EMULATED = Set.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket",
            "AWS::Events::EventBus");

    private final StackTemplate template;
    private final Path rie;
    private final String ricClasspath;
    private final Path work;
    private final List<String> failures = new ArrayList<>();
    private PrintStream out = System.out;

    private LambdaRuntimeCheck(StackTemplate template, Path rie, String ricClasspath, Path work) {
        this.template = template;
        this.rie = rie;
        this.ricClasspath = ricClasspath;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LambdaRuntimeCheck <cloud assembly dir> <aws-lambda-rie> <ric-classpath.txt> <events dir> <work dir>");
            System.exit(2);
        }
        System.setProperty(Events.DIR_PROPERTY, args[3]);
        LambdaRuntimeCheck check = new LambdaRuntimeCheck(StackTemplate.read(Path.of(args[0]).toAbsolutePath(), STACK, PARAMETERS),
                Path.of(args[1]).toAbsolutePath(), Files.readString(Path.of(args[2])).trim(),
                Files.createDirectories(Path.of(args[4]).toAbsolutePath()));
        String operatorKey = System.getenv("HUBCRM_OPERATOR_KEY");
        if (operatorKey == null || operatorKey.isBlank()) {
            System.err.println("HUBCRM_OPERATOR_KEY must be the key whose SHA-256 the template holds");
            System.exit(2);
        }
        // The report on standard output; the emulators' and the local server's own output in a log beside the functions'.
        PrintStream report = System.out;
        System.setOut(new PrintStream(Files.newOutputStream(check.work.resolve("emulators-and-local-server.log")), true,
                StandardCharsets.UTF_8));
        boolean passed;
        try {
            passed = check.run(operatorKey, report);
        } catch (Exception | Error e) {
            // Exit even so: the emulators' and the local server's threads would keep this JVM alive.
            report.println("lambda-runtime: the check itself failed: " + e);
            e.printStackTrace(report);
            passed = false;
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run(String operatorKey, PrintStream report) throws IOException {
        out = report;
        try (Emulators emulators = new Emulators();
                ContainerCredentialsEndpoint credentials = new ContainerCredentialsEndpoint();
                LocalServer local = LocalServer.start(new LocalServer.Settings(0, null, true, operatorKey, AppContext.KEY_CACHE))) {
            Map<String, String> resources = provision(emulators);
            Map<String, String> lambdaValues = new HashMap<>(Map.of("operatorKey", operatorKey, "topUpId", UNKNOWN_TOP_UP,
                    "sessionId", UNKNOWN_SESSION, "sesMessageId", UNKNOWN_SES_MESSAGE, "eventId", OUTBOX_EVENT_ID,
                    "run", UNKNOWN_STEP_RUN));
            Map<String, String> localValues = new HashMap<>(lambdaValues);
            LocalReplay replay = new LocalReplay(local.baseUrl());
            out.printf("%-28s %-38s %6s %6s %9s  %s%n", "function", "event", "lambda", "local", "took", "");
            // One instance per function, started at its first event and kept warm for the next ones (a step
            // may need another function's work first: the export the worker writes, then reads through the API).
            Map<LambdaFunction, LambdaProcess> running = new EnumMap<>(LambdaFunction.class);
            try {
                for (FunctionDefinition function : template.functions()) {
                    checkOperatorKey(function, operatorKey);
                    if (Scenario.STEPS.stream().noneMatch(step -> step.function() == spec(function))) {
                        fail(function.logicalId() + ": no sample event is sent to " + spec(function) + " (add its steps to Scenario)");
                    }
                }
                for (Step step : Scenario.STEPS) {
                    FunctionDefinition function = definition(step.function()).orElse(null);
                    if (function == null) {
                        fail(step.sample() + ": the template has no function " + step.function());
                        continue;
                    }
                    LambdaProcess lambda = running.get(step.function());
                    if (lambda == null) {
                        lambda = start(function, environment(function, resources, emulators, credentials, false), "on-demand");
                        running.put(step.function(), lambda);
                    }
                    storeRawMail(step, lambda, lambdaValues, emulators);
                    runStep(function, lambda, step, lambdaValues, localValues, replay, local.stripeWebhookSecret());
                }
            } finally {
                running.values().forEach(LambdaProcess::close);
            }
            for (FunctionDefinition function : template.functions()) {
                if (function.snapStart()) {
                    checkSnapStartHooks(function, environment(function, resources, emulators, credentials, true), lambdaValues);
                } else {
                    fail(function.logicalId() + ": SnapStart is off in the template");
                }
            }
            out.println("container credentials served: " + credentials.served() + ", refused: " + credentials.refused());
            if (credentials.served() == 0) {
                fail("no function asked the container credentials endpoint for credentials");
            }
            if (credentials.refused() > 0) {
                fail(credentials.refused() + " credential requests came without the container authorization token");
            }
        }
        if (!failures.isEmpty()) {
            out.println();
            out.println("lambda-runtime: " + failures.size() + " failure(s) (function logs in " + work + ")");
            failures.forEach(failure -> out.println("  FAIL " + failure));
            return false;
        }
        out.println("lambda-runtime: every function of the template initialised, answered as the local server does,"
                + " and ran its SnapStart checkpoint hooks");
        return true;
    }

    /** The stack's resources on the emulators (logical id → what its {@code Ref} gives), and the secrets of its parameters. */
    private Map<String, String> provision(Emulators emulators) {
        Map<String, String> values = new LinkedHashMap<>();
        template.resourceTypes().forEach((logicalId, type) ->
                values.put(logicalId, EMULATED.contains(type) ? emulators.create(logicalId, type) : logicalId.toLowerCase(Locale.ROOT)));
        for (FunctionDefinition function : template.functions()) {
            function.environment().forEach((name, value) -> {
                if (name.equals(AppContext.STRIPE_SECRET_KEY_PARAMETER_ENV)) {
                    emulators.putSecret(value.asText(), STRIPE_SECRET_KEY);
                } else if (name.equals(AppContext.STRIPE_WEBHOOK_SECRET_PARAMETER_ENV)) {
                    emulators.putSecret(value.asText(), STRIPE_WEBHOOK_SECRET);
                } else if (name.endsWith("_PARAMETER")) {
                    emulators.putSecret(value.asText(), "runtime-check-" + name.toLowerCase(Locale.ROOT));
                } else if (name.equals(AppContext.MAIL_FROM_ENV)) {
                    // a Ref to the stack's MailFrom parameter: its value, as the function will see it
                    emulators.verifySender(template.resolve(value, values::get, Emulators.REGION));
                }
            });
        }
        return values;
    }

    /** The function's environment as Lambda sets it: the template's variables resolved, the runtime's own, no access keys. */
    private Map<String, String> environment(FunctionDefinition function, Map<String, String> resources, Emulators emulators,
            ContainerCredentialsEndpoint credentials, boolean snapStart) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> environment.put(name, template.resolve(value, reference -> {
            String[] idAndAttribute = reference.split("\\.", 2);
            String local = resources.get(idAndAttribute[0]);
            if (local == null) {
                throw new IllegalStateException(function.logicalId() + ": " + name + " refers to " + reference + ", not in the template");
            }
            return idAndAttribute.length == 1 ? local : switch (idAndAttribute[1]) {
                case "ApiEndpoint" -> "https://" + local + ".execute-api." + Emulators.REGION + ".amazonaws.com";
                case "Arn" -> "arn:aws:" + template.resourceTypes().get(idAndAttribute[0]).split("::")[1].toLowerCase(Locale.ROOT)
                        + ":" + Emulators.REGION + ":000000000000:" + local;
                default -> throw new IllegalStateException(function.logicalId() + ": " + name + " needs " + reference
                        + ", which the runtime check does not provide");
            };
        }, Emulators.REGION)));
        environment.put("AWS_REGION", Emulators.REGION);
        environment.put("AWS_DEFAULT_REGION", Emulators.REGION);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        environment.putAll(credentials.environment());
        environment.putAll(emulators.endpointEnvironment());
        if (snapStart) {
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        return environment;
    }

    private LambdaProcess start(FunctionDefinition function, Map<String, String> environment, String pass) throws IOException {
        Path taskRoot = work.resolve(function.logicalId()).resolve("task");
        if (!Files.isDirectory(taskRoot)) {
            LambdaProcess.unzip(function.jar(), taskRoot);
        }
        return LambdaProcess.start(rie, ricClasspath, taskRoot, function.handler(), function.memoryMb(),
                Duration.ofSeconds(function.timeoutSeconds()), environment, work.resolve(function.logicalId()).resolve(pass + ".log"));
    }

    private void runStep(FunctionDefinition function, LambdaProcess lambda, Step step, Map<String, String> lambdaValues,
            Map<String, String> localValues, LocalReplay replay, String localWebhookSecret) {
        String name = function.logicalId() + " " + step.sample();
        Invocation invocation;
        try {
            invocation = lambda.invoke(event(step, lambdaValues, STRIPE_WEBHOOK_SECRET));
        } catch (RuntimeException e) {
            fail(name + ": " + e.getMessage());
            return;
        }
        JsonNode output = parse(invocation.body());
        if (invocation.status() != 200 || output.has("errorType")) {
            print(function, step, "ERROR", "", invocation.took());
            fail(name + ": the function failed (" + invocation.status() + "): " + abbreviate(invocation.body())
                    + "\n       log: " + lastLines(lambda.log(), 12));
            return;
        }
        if (!step.http()) {
            print(function, step, "ok", "", invocation.took());
            if (step.rawMail() != null && output.at("/mails/0/deliveries/0/outcome").isMissingNode()) {
                fail(name + ": the mail reached no hub: " + abbreviate(output.toString()));
            }
            JsonNode failed = output.path("batchItemFailures");
            if (failed.isArray() && !failed.isEmpty()) {
                fail(name + ": reported batch item failures " + failed);
            }
            return;
        }
        LocalReplay.Answer fromLambda = LocalReplay.Answer.of(output);
        LocalReplay.Answer fromLocal = replay.send(parse(event(step, localValues, localWebhookSecret)));
        print(function, step, Integer.toString(fromLambda.status()), Integer.toString(fromLocal.status()), invocation.took());
        if (fromLambda.status() != step.expectedStatus()) {
            fail(name + ": answered " + fromLambda.status() + ", expected " + step.expectedStatus() + ": " + abbreviate(fromLambda.body()));
        }
        fromLambda.differenceFrom(fromLocal).ifPresent(difference -> fail(name + ": the function and the local server differ: " + difference));
        if (step.link() != null) {
            String link = fromLambda.capture(step.link()).orElse("");
            String base = lambda.environment().get(AppContext.PUBLIC_BASE_URL_ENV);
            if (base == null || !link.startsWith(base + "/")) {
                fail(name + ": the link " + step.link() + " (" + link + ") is not on the function's public base URL (" + base + ")");
            }
        }
        step.captures().forEach((placeholder, where) -> {
            fromLambda.capture(where).ifPresent(value -> lambdaValues.put(placeholder, value));
            fromLocal.capture(where).ifPresent(value -> localValues.put(placeholder, value));
        });
    }

    /** The step's raw mail, in the function's inbound bucket under its event's SES message id, as the receipt rule's S3 action leaves it. */
    private static void storeRawMail(Step step, LambdaProcess lambda, Map<String, String> values, Emulators emulators) {
        if (step.rawMail() != null) {
            String sesMessageId = parse(event(step, values, STRIPE_WEBHOOK_SECRET)).at("/Records/0/ses/mail/messageId").asText();
            emulators.putObject(lambda.environment().get(AppContext.INBOUND_BUCKET_ENV), S3RawMailStore.KEY_PREFIX + sesMessageId,
                    Events.fill(Events.read(step.rawMail()), values).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A sample with its placeholders filled; a Stripe sample signed with {@code webhookSecret}, as Stripe signs. */
    private static String event(Step step, Map<String, String> values, String webhookSecret) {
        String text = Events.fill(Events.read(step.sample()), values);
        if (!step.signedByStripe()) {
            return text;
        }
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(text);
            long timestamp = System.currentTimeMillis() / 1000;
            String signature = Webhook.Util.computeHmacSha256(webhookSecret, timestamp + "." + event.path("body").asText());
            ((ObjectNode) event.path("headers")).put("stripe-signature", "t=" + timestamp + ",v1=" + signature);
            return JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign " + step.sample(), e);
        }
    }

    /**
     * The second pass: init as SnapStart does it. The runtime client runs the checkpoint hooks, then asks
     * the Runtime API for the restore, which the emulator answers 404; a hook that throws shows in the
     * log as an error before that request (or the invocation reports it).
     */
    private void checkSnapStartHooks(FunctionDefinition function, Map<String, String> environment, Map<String, String> values)
            throws IOException {
        Step first = Scenario.STEPS.stream().filter(step -> step.function() == spec(function)).findFirst().orElseThrow();
        try (LambdaProcess lambda = start(function, environment, "snap-start")) {
            // The values the scenario gathered (the same event the first pass sent), or stand-ins where an
            // earlier step failed: what counts here is init and the hooks, not the answer.
            Map<String, String> filled = new HashMap<>(values);
            Events.placeholders(Events.read(first.sample())).forEach(name -> filled.putIfAbsent(name, "unknown"));
            Invocation invocation = lambda.invoke(event(first, filled, STRIPE_WEBHOOK_SECRET));
            String log = lambda.log();
            SnapStartOutcome outcome = SnapStartOutcome.of(log);
            out.printf("%-28s %-38s %s (%d ms)%n", function.logicalId(), "snap-start init + hooks", outcome.summary(),
                    invocation.took().toMillis());
            if (!outcome.hooksCompleted()) {
                fail(function.logicalId() + " with SnapStart: " + outcome.summary() + "\n       log: " + lastLines(log, 20));
            }
        }
    }

    private void checkOperatorKey(FunctionDefinition function, String operatorKey) {
        JsonNode hash = function.environment().get("HUBCRM_OPERATOR_KEY_SHA256");
        if (hash != null && !hash.asText().equals(ApiKeys.sha256(operatorKey))) {
            fail(function.logicalId() + ": the template's operator key hash is not the SHA-256 of HUBCRM_OPERATOR_KEY");
        }
    }

    private Optional<FunctionDefinition> definition(LambdaFunction spec) {
        return template.functions().stream().filter(function -> spec(function) == spec).findFirst();
    }

    private static LambdaFunction spec(FunctionDefinition function) {
        return Arrays.stream(LambdaFunction.values()).filter(f -> f.handlerClass().equals(function.handlerClass())).findFirst()
                .orElseThrow(() -> new IllegalStateException(function.logicalId() + ": no LambdaFunction has the handler " + function.handler()));
    }

    private void print(FunctionDefinition function, Step step, String lambda, String local, Duration took) {
        out.printf("%-28s %-38s %6s %6s %7d ms%n", function.logicalId(), step.sample(), lambda, local, took.toMillis());
    }

    private void fail(String failure) {
        failures.add(failure);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }

    private static String lastLines(String log, int count) {
        List<String> lines = log.lines().filter(line -> !line.startsWith("\tat ")).toList();
        return String.join("\n       ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
