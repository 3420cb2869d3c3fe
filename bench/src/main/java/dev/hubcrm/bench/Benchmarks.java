package dev.hubcrm.bench;

import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./dev bench}: the speed and size targets of hubcrm, each measured side by side with its
 * yardstick in one run, printed as a table of ratios. Benchmarks report; they never fail a build
 * (exit 0 whatever the verdicts; 2 only for unusable arguments).
 *
 * <ul>
 *   <li>cold start: a fresh JVM running the customers-api jar to its first answer
 *       ({@code GET /v1/customers/{id}} on DynamoDB Local) against a bare SDK v2 handler doing one
 *       GetItem with the same HTTP client (target at most 1.3x); the bare handler is also run on
 *       the AWS CRT HTTP client, the measurement that chooses the functions' HTTP client;</li>
 *   <li>runtime cold start: the same comparison under AWS Lambda's own Java runtime (the runtime
 *       interface client behind the runtime interface emulator, {@link RuntimeColdStart}), process start
 *       to the first answer of the {@code events/http/get-customer.json} sample, ratio of medians
 *       (target at most 1.3x);</li>
 *   <li>warm: p50 of that GET through the real handler in this JVM against a raw GetItem of the
 *       same item (target at most 1.5x);</li>
 *   <li>size: every function jar at most 15 MB;</li>
 *   <li>import: rows/s of a CSV import (default 5,000 rows, --import-rows 50000 for the issue's size) from start to done against raw
 *       BatchWriteItem of the same customer items (target at least 0.5x);</li>
 *   <li>wallet: the low-balance job's index items read per customer matched with 10,000 customers of
 *       whom 100 are low (target at most 1.1), and a charge's p50 against a raw conditional UpdateItem (target at most 2.5,
 *       reported).</li>
 *   <li>validators: each validator of request input on 1 MB of its worst case against a normal input
 *       ({@link ValidatorBench}; the worst case at most 50 ms).</li>
 * </ul>
 */
public final class Benchmarks {
    static final double COLD_START_TARGET = 1.3;
    static final double WARM_TARGET = 1.5;
    static final double IMPORT_TARGET = 0.5;
    static final double LOW_BALANCE_TARGET = 1.1;
    /** Issue 11: a wallet charge's p50 at most this many raw conditional UpdateItems. */
    static final double CHARGE_TARGET = 2.5;
    /** ADR 14: a quota's check-and-count at most this many raw conditional UpdateItems (it is one). */
    static final double QUOTA_TARGET = 1.2;
    static final int WALLET_CUSTOMERS = 10_000;
    static final int WALLET_LOW = 100;
    /** Decimal megabytes: 15,000,000 bytes. */
    static final long JAR_LIMIT_BYTES = 15_000_000L;
    /** ADR 27: the achieved campaign send rate at least this share of the configured one. */
    static final double CAMPAIGN_RATE_TARGET = 0.95;
    static final int CAMPAIGN_RECIPIENTS = 5_000;
    /** A rate no emulator setup here reaches: the sender then goes as fast as the machine lets it. */
    static final double CAMPAIGN_UNPACED = 1_000;
    private static final String TABLE = "hubcrm-bench";
    static final List<String> BENCHMARKS = List.of("cold", "runtime-cold", "warm", "size", "import", "segments", "wallet", "capacity",
            "validators", "quotas", "campaign-rate", "channel-feed", "note-search");

    private static final String USAGE = """
            usage: ./dev bench [--runs N] [--only cold,runtime-cold,warm,size,import,segments,wallet,capacity,validators,quotas,campaign-rate,
                               channel-feed,note-search] [--warmup-calls N]
                               [--channel-members N] [--campaign-rates LIST]
                               [--calls N] [--probe-runs N] [--no-diagnostics] [--java PATH] [--child-flags 'FLAGS'] [--rie PATH]
              --runs N           cold starts counted per side (default 7; one more per side is a warm-up)
              --only LIST        which benchmarks to run (default: all of cold,runtime-cold,warm,size,import,segments,wallet,capacity,validators,quotas,
                                 campaign-rate,channel-feed,note-search)
              --import-rows N    import benchmark: rows of the CSV imported (default 5000: 50000 would
                                 take about 30 min on DynamoDB Local on 2 cores)
              --segment-customers N  segments benchmark: customers of the hub (default 10000)
              --channel-members N    channel-feed benchmark: members of the channel's segment, 10 notes each (default 5000,
                                 the issue's size: about 25 min on DynamoDB Local on 2 cores)
              --campaign-rates L campaign-rate benchmark: the paced rates, mails a second, comma-separated (default 14,100;
                                 the unpaced run, the machine's ceiling, always runs with them)
              --warmup-calls N   warm benchmark: calls before measuring, half of each kind (default 2000)
              --calls N          warm benchmark: measured calls of each kind (default 5000)
              --probe-runs N     cold-start diagnostics: probe runs of the function (default 2)
              --no-diagnostics   skip the step probe and the class-loading counts (-Xlog in the warm-up runs)
              --java PATH        the java that runs the cold-start children (default: this one)
              --child-flags F    extra JVM flags for every cold-start child, after Lambda's, split at
                                 spaces; {side} becomes the side's name, e.g. to try AppCDS:
                                 --child-flags '-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/tmp/{side}.jsa';
                                 runtime-cold appends them to both sides' JAVA_TOOL_OPTIONS ({side} unreplaced)
              --rie PATH         runtime-cold: the runtime interface emulator (default .tools/bin/aws-lambda-rie)
              --runtime-try OPTS runtime-cold: one more side, the function with OPTS appended to its JAVA_TOOL_OPTIONS
                                 (e.g. a -Dlog4j2.* property), to try a setting side by side; may be repeated
            """;

    record Options(int runs, Set<String> only, int warmupCalls, int calls, int probeRuns, boolean diagnostics, Path java,
            List<String> childFlags, int importRows, int segmentCustomers, int channelMembers, List<Double> campaignRates, Path rie,
            List<String> runtimeTries) {
    }

    private Benchmarks() {
    }

    public static void main(String[] args) {
        PrintStream console = System.out;
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Path root = root();
        Path out = root.resolve("bench/target/bench");
        try {
            Files.createDirectories(out);
            // What the handlers and libraries print (JSON log lines, EMF metrics) goes to a file, as
            // Lambda sends a function's stdout to CloudWatch; the report goes to the console. Done
            // before anything starts Log4j, whose console appender keeps the stream it finds.
            System.setOut(new PrintStream(new BufferedOutputStream(new FileOutputStream(out.resolve("stdout.log").toFile()), 8192),
                    true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emfAsInLambda();

        long started = System.nanoTime();
        console.printf(Locale.ROOT, "hubcrm bench: %s, %d cores, java %s; cold-start children: %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), options.java());
        Report report = new Report();
        List<String> details = new ArrayList<>();
        if (options.only().contains("cold") || options.only().contains("runtime-cold") || options.only().contains("warm")
                || options.only().contains("import")
                || options.only().contains("segments") || options.only().contains("wallet")
                || options.only().contains("capacity") || options.only().contains("quotas") || options.only().contains("channel-feed")
                || options.only().contains("note-search")) {
            onDynamoDbLocal(options, root, out, report, details, console);
        }
        if (options.only().contains("size")) {
            sizes(root, report);
        }
        if (options.only().contains("validators")) {
            guarded("validators", report, () -> validators(report));
        }
        if (options.only().contains("campaign-rate")) {
            guarded("campaign-rate", report, () -> campaignRate(options.campaignRates(), report, console));
        }
        console.println();
        report.print(console);
        for (String line : details) {
            console.println(line);
        }
        console.printf(Locale.ROOT, "%nhandler output (logs, metrics): %s; children's output: %s/cold-*.log; %.0f s in all%n",
                root.relativize(out.resolve("stdout.log")), root.relativize(out), (System.nanoTime() - started) / 1e9);
        console.flush();
        System.exit(0);
    }

    private static void onDynamoDbLocal(Options options, Path root, Path out, Report report, List<String> details,
            PrintStream console) {
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.inMemory()) {
            String operatorKeySha256 = ApiKeys.sha256("bench-operator-" + UUID.randomUUID());
            AppContext app = AppContext.local(dynamoDb.endpoint(), TABLE, operatorKeySha256, Clock.systemUTC(),
                    AppContext.KEY_CACHE);
            Fixture fixture = setUp(app, dynamoDb, operatorKeySha256);
            console.printf(Locale.ROOT, "DynamoDB Local at %s, table %s, hub %s, customer %s%n%n", fixture.endpoint(),
                    fixture.table(), fixture.hubId(), fixture.customerId());
            if (options.only().contains("cold")) {
                guarded("cold start", report, () -> coldStart(options, root, out, fixture, report, details, console));
            }
            if (options.only().contains("runtime-cold")) {
                guarded("runtime cold start", report, () -> runtimeColdStart(options, root, out, fixture, report, details, console));
            }
            if (options.only().contains("warm")) {
                guarded("warm", report, () -> warm(options, app, fixture, report, console));
            }
            if (options.only().contains("import")) {
                guarded("import", report, () -> imports(options, fixture, report, console));
            }
            if (options.only().contains("segments")) {
                guarded("segments", report, () -> segments(options, dynamoDb, operatorKeySha256, report, console));
            }
            if (options.only().contains("wallet")) {
                guarded("wallet", report, () -> wallet(options, fixture, report, console));
            }
            if (options.only().contains("capacity")) {
                guarded("capacity", report, () -> capacity(dynamoDb, report, details, console));
            }
            if (options.only().contains("quotas")) {
                guarded("quotas", report, () -> quotas(options, app, report, console));
            }
            if (options.only().contains("channel-feed")) {
                guarded("channel-feed", report, () -> channelFeed(dynamoDb, operatorKeySha256, options.channelMembers(), report, console));
            }
            if (options.only().contains("note-search")) {
                guarded("note-search", report, () -> noteSearch(dynamoDb, operatorKeySha256, report, console));
            }
        }
    }

    /** Each validator of request input: its 1 MB worst case against a normal input, in this JVM. */
    private static void validators(Report report) {
        for (ValidatorBench.Result result : ValidatorBench.run()) {
            double worst = result.worst().p50();
            double ratio = worst / result.normalMillis();
            boolean sameSize = result.measured().sameSize();
            report.add(new Report.Row("validators: " + result.measured().name(),
                    Summary.ms(worst) + " ms (min " + Summary.ms(result.worst().min()) + ")", Summary.ms(result.normalMillis()) + " ms",
                    Report.ratio(ratio), sameSize ? "<= " + Report.ratio(ValidatorBench.FILE_RATIO_TARGET)
                            : "A <= " + Summary.ms(ValidatorBench.WORST_CASE_TARGET_MS) + " ms",
                    sameSize ? Report.verdict(ratio, ValidatorBench.FILE_RATIO_TARGET)
                            : Report.verdict(worst, ValidatorBench.WORST_CASE_TARGET_MS)));
        }
        report.note("validators: medians of " + ValidatorBench.WORST_RUNS + " runs, A and B interleaved: A one call on the 1 MB worst"
                + " case, B one call on a normal input; the ratio grows with the size, so the target is on A alone, except where"
                + " B is 1 MB too");
    }

    /**
     * ADR 27: the campaign sender's achieved rate against the configured one, at SES's default rate and
     * at 100/s, without and with 10 % of sends throttled; every recipient mailed once. The same campaign
     * unpaced ({@link #CAMPAIGN_UNPACED}/s configured, far above what the emulators do) in the same run says
     * what the machine does at that moment: a paced row whose rate is above it misses for the machine, not the sender.
     */
    private static void campaignRate(List<Double> paced, Report report, PrintStream console) {
        List<Double> rates = new ArrayList<>(paced);
        rates.add(CAMPAIGN_UNPACED);
        console.printf(Locale.ROOT, "campaign-rate: %,d recipients at %s mails a second and unpaced, without and with 10 %% throttling%n",
                CAMPAIGN_RECIPIENTS, paced);
        for (CampaignRateBench.Run run : CampaignRateBench.run(CAMPAIGN_RECIPIENTS, rates, 0.10)) {
            if (run.failure() != null) {
                report.add(new Report.Row(String.format(Locale.ROOT, "campaign rate %.0f/s, %.0f %% throttled", run.configured(),
                        run.throttledFraction() * 100), "did not end: " + run.failure(), String.format(Locale.ROOT, "%.0f/s configured",
                        run.configured()), "-", ">= " + CAMPAIGN_RATE_TARGET + "x, 0 lost, 0 duplicates", "MISS"));
                continue;
            }
            double ratio = run.achieved() / run.configured();
            boolean exact = run.lost() == 0 && run.duplicates() == 0;
            boolean unpaced = run.configured() == CAMPAIGN_UNPACED;
            console.printf(Locale.ROOT, "campaign-rate %s/s, %.0f %% throttled: hub tokens taken each second %s%n", unpaced ? "unpaced"
                    : String.format(Locale.ROOT, "%.0f", run.configured()), run.throttledFraction() * 100, run.tokensPerSecond());
            report.add(new Report.Row(String.format(Locale.ROOT, "campaign rate %s, %.0f %% throttled (%d throttled calls)",
                    unpaced ? "unpaced" : String.format(Locale.ROOT, "%.0f/s", run.configured()), run.throttledFraction() * 100,
                    run.throttledCalls()),
                    String.format(Locale.ROOT, "%.2f/s (%,d in %.1f s; %d lost, %d duplicates; %.1f DynamoDB calls a recipient, %d"
                            + " transaction conflicts)", run.achieved(), run.recipients(), run.seconds(), run.lost(), run.duplicates(),
                            run.dynamoCallsPerRecipient(), run.transactionConflicts()),
                    String.format(Locale.ROOT, "%.0f/s configured", run.configured()), unpaced ? "-" : Report.ratio(ratio),
                    unpaced ? "what this machine does now; 0 lost, 0 duplicates" : ">= " + CAMPAIGN_RATE_TARGET + "x, 0 lost, 0 duplicates",
                    unpaced ? (exact ? "INFO" : "MISS") : ratio >= CAMPAIGN_RATE_TARGET && exact ? "PASS" : "MISS"));
        }
        QueueConsumer sender = QueueConsumer.CAMPAIGN_SENDER;
        report.note(String.format(Locale.ROOT, "campaign-rate: deliveries queued as the snapshot queues them, the real sender as the stack"
                + " feeds it (batch %d, batching window %d s, %d at once), SES v2 adapter to moto behind SesFaultProxy; time from the"
                + " sender's start to the campaign's sent; mails counted per address in moto; a campaign of %,d recipients at the"
                + " unpaced rate runs first, not counted, to warm the JIT and the emulators", sender.batchSize(),
                sender.maxBatchingWindow().toSeconds(), sender.maxConcurrency(), CampaignRateBench.WARM_UP));
    }

    /** A benchmark that breaks becomes an ERROR row; the others still run and the exit stays 0. */
    private static void guarded(String name, Report report, Runnable benchmark) {
        try {
            benchmark.run();
        } catch (RuntimeException e) {
            report.add(new Report.Row(name, "-", "-", "-", "-", "ERROR"));
            report.note(name + " broke: " + e);
            e.printStackTrace();
        }
    }

    /**
     * In Lambda the EMF library (under Powertools metrics) writes metrics to stdout; outside Lambda
     * it would look for a CloudWatch agent instead. Told it runs in Lambda, the in-process handler
     * does what it does there. Reflective, so that the bench does not depend on EMF being used.
     */
    private static void emfAsInLambda() {
        try {
            Class<?> environments = Class.forName("software.amazon.cloudwatchlogs.emf.environment.Environments");
            Object config = Class.forName("software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider")
                    .getMethod("getConfig").invoke(null);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object lambda = Enum.valueOf((Class<? extends Enum>) environments.asSubclass(Enum.class), "Lambda");
            config.getClass().getMethod("setEnvironmentOverride", environments).invoke(config, lambda);
        } catch (ClassNotFoundException absent) {
            // no EMF library on the classpath: nothing to configure
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not point EMF at stdout", e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // set-up

    private static Fixture setUp(AppContext app, EmbeddedDynamoDb dynamoDb, String operatorKeySha256) {
        TableProvisioner.ensureTable(app.dynamo(), TABLE);
        HubService.CreatedHub hub = app.hubs().create(new NewHub("Bench hub", "EUR", "Europe/Paris"));
        String hubId = hub.hub().id();
        Customer customer = app.customers().create(hubId, new CustomerDraft(CustomerType.PERSON, "ada@example.com",
                "+33612345678", "Ada", "Lovelace", null, List.of("bench", "wholesale/restaurants"), Map.of(), true, null, false));
        // The item the handler reads (DynamoCustomerRepository's layout); checked here so that a
        // change of layout fails the set-up instead of benchmarking a miss.
        String pk = TableDesign.hubPartition(hubId);
        String sk = "CUST#" + customer.id();
        Map<String, AttributeValue> item = app.dynamo().getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        if (item == null || item.isEmpty()) {
            throw new IllegalStateException("no customer item at PK=" + pk + " SK=" + sk + ": the repository's item layout changed");
        }
        return new Fixture(dynamoDb.endpoint(), TABLE, operatorKeySha256, hubId, hub.key().secret(), customer.id(), pk, sk);
    }

    // ------------------------------------------------------------------------------------------
    // cold start

    private static void coldStart(Options options, Path root, Path out, Fixture fixture, Report report, List<String> details,
            PrintStream console) {
        LambdaFunction function = LambdaFunction.CUSTOMERS_API;
        Path functionJar = functionJar(root, function);
        Path childJar = root.resolve("bench/target/function-child.jar");
        Path bareJar = root.resolve("bench/target/bare-hello.jar");
        Path bareCrtJar = root.resolve("bench/target/bare-hello-crt.jar");
        for (Path jar : List.of(functionJar, childJar, bareJar, bareCrtJar)) {
            if (!Files.isRegularFile(jar)) {
                report.add(new Report.Row("cold start", "-", "-", "-", "-", "ERROR"));
                report.note("cold start: " + root.relativize(jar) + " is missing: build with mvn -pl bench -am package");
                return;
            }
        }
        int memoryMb = function.memoryMb();
        ColdStart.Side fn = new ColdStart.Side("function", function.module() + ".jar",
                functionJar + java.io.File.pathSeparator + childJar,
                List.of(ColdStartFunction.class.getName(), "run", function.handlerClass()),
                lambdaEnv(fixture, "hubcrm-" + function.module(), function.handlerClass(), memoryMb, true), memoryMb);
        ColdStart.Side bareUrl = new ColdStart.Side("bare-url", "bare SDK GetItem, url-connection", bareJar.toString(),
                List.of(ColdStartBare.class.getName(), BareHelloHandler.class.getName()),
                lambdaEnv(fixture, "hubcrm-bare-hello", BareHelloHandler.class.getName(), memoryMb, false), memoryMb);
        ColdStart.Side bareCrt = new ColdStart.Side("bare-crt", "bare SDK GetItem, aws-crt", bareCrtJar.toString(),
                List.of(ColdStartBare.class.getName(), BareCrtHelloHandler.class.getName()),
                lambdaEnv(fixture, "hubcrm-bare-hello", BareCrtHelloHandler.class.getName(), memoryMb, false), memoryMb);
        List<ColdStart.Side> sides = List.of(fn, bareUrl, bareCrt);

        console.printf(Locale.ROOT, "cold start: %d runs per side (+1 warm-up), taken in turn; JVM flags: %s%n",
                options.runs(), String.join(" ", ColdStart.lambdaJvmFlags(memoryMb)));
        if (!options.childFlags().isEmpty()) {
            console.println("  and --child-flags: " + String.join(" ", options.childFlags()));
            report.note("cold start children ran with --child-flags " + String.join(" ", options.childFlags()));
        }
        try (ColdStart coldStart = new ColdStart(options.java(), options.childFlags(), out, Duration.ofSeconds(60))) {
            ColdRounds.Result<ColdStart.Run> taken = ColdRounds.take(sides, fn, options.runs(), options.diagnostics(), out,
                    "classload-", coldStart::once, console);
            Map<String, List<ColdStart.Run>> runs = taken.runs();
            Map<String, String> failures = taken.failures();
            Map<String, Map<String, Integer>> classCounts = taken.classCounts();
            List<String> log4jWindow = taken.log4jWindow();
            coldStartRows(fn, bareUrl, bareCrt, runs, failures, report);
            details.add("");
            details.add("cold start, median of each step (ms; the parent's clock, from starting the process):");
            details.add(String.format(Locale.ROOT, "  %-36s %10s %10s %12s %10s %8s", "", "JVM->main", "init",
                    "1st invoke", "->parent", "total"));
            for (ColdStart.Side side : sides) {
                details.add(stepLine(side, runs.get(side.key())));
            }
            if (options.diagnostics()) {
                probe(options, coldStart, fn, failures, details, console);
                classLoads(classCounts, details);
                details.addAll(log4jWindow);
            }
        }
    }

    private static void coldStartRows(ColdStart.Side fn, ColdStart.Side bareUrl, ColdStart.Side bareCrt,
            Map<String, List<ColdStart.Run>> runs, Map<String, String> failures, Report report) {
        List<ColdStart.Run> f = runs.get(fn.key());
        List<ColdStart.Run> u = runs.get(bareUrl.key());
        List<ColdStart.Run> c = runs.get(bareCrt.key());
        double fnRatio = pairedRatio(f, u);
        report.add(new Report.Row("cold start: " + fn.label() + " vs " + bareUrl.label(), totals(f), totals(u),
                Report.ratio(fnRatio), "<= " + COLD_START_TARGET + "x", Report.verdict(fnRatio, COLD_START_TARGET)));
        double crtRatio = pairedRatio(c, u);
        report.add(new Report.Row("cold start: " + bareCrt.label() + " vs " + bareUrl.label(), totals(c), totals(u),
                Report.ratio(crtRatio), "pick the faster client", Double.isNaN(crtRatio) ? "ERROR"
                        : crtRatio < 1 ? "aws-crt faster" : "url-connection faster"));
        report.note("cold start: from starting a fresh java to reading its first answer (GET /v1/customers/{id}, "
                + "resp. one GetItem) on its stdout; ratio = median of the per-round ratios (the sides run in turn)");
        failures.forEach((side, failure) -> report.note("cold start " + side + " FAILED: " + failure));
    }

    private static void probe(Options options, ColdStart coldStart, ColdStart.Side fn, Map<String, String> failures,
            List<String> details, PrintStream console) {
        console.println("cold start diagnostics: " + options.probeRuns() + " probe runs of the function");
        if (!failures.containsKey(fn.key())) {
            ColdStart.Side probe = new ColdStart.Side("function-probe", fn.label() + " (probe)", fn.classpath(),
                    List.of(ColdStartFunction.class.getName(), "probe"), fn.env(), fn.memoryMb());
            List<ColdStart.Run> probes = new ArrayList<>();
            for (int i = 0; i < options.probeRuns(); i++) {
                ColdStart.Run run = coldStart.once(probe, List.of());
                if (run.ok()) {
                    probes.add(run);
                } else {
                    details.add("probe failed: " + run.failure());
                    break;
                }
            }
            if (!probes.isEmpty()) {
                details.add("");
                details.add("where the function's cold start goes (probe: the same work cut into steps; median of "
                        + probes.size() + " runs, ms;");
                details.add("each step pays for the classes it is the first to use, so the split depends on the order):");
                List<String> steps = List.of("main", "log4j", "jackson", "powertools-metrics", "sdk-client", "handler",
                        "first-getitem", "first-request", "second-request");
                Map<String, String> labels = Map.of("main", "JVM start -> main()",
                        "log4j", "first SLF4J logger (Log4j 2 init + JSON layout)",
                        "jackson", "Jackson: Json.MAPPER, a parse and a write",
                        "powertools-metrics", "Powertools metrics instance (EMF), if any",
                        "sdk-client", "AppContext.fromEnvironment() (DynamoDbClient)",
                        "handler", "new CustomersApiHandler(app) (routes, pipeline)",
                        "first-getitem", "first raw GetItem (SDK's first call)",
                        "first-request", "first GET through the handler",
                        "second-request", "second GET through the handler");
                String previous = null;
                for (String step : steps) {
                    String from = previous;
                    double[] values = probes.stream().mapToDouble(run -> (run.mark(step) - (from == null ? 0 : run.mark(from))) / 1e6)
                            .toArray();
                    details.add(String.format(Locale.ROOT, "  %-52s %8s", labels.get(step), Summary.ms(Summary.ofMillis(values).p50())));
                    previous = step;
                }
            }
        }
    }

    private static void classLoads(Map<String, Map<String, Integer>> counts, List<String> details) {
        if (counts.isEmpty()) {
            return;
        }
        details.add("");
        details.add("classes loaded by one cold start (-Xlog:class+load in the warm-up run), by origin:");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-36s", ""));
        counts.keySet().forEach(side -> header.append(String.format(Locale.ROOT, " %10s", side)));
        details.add(header.toString());
        for (String group : counts.values().iterator().next().keySet()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-36s", group));
            counts.values().forEach(count -> line.append(String.format(Locale.ROOT, " %10d", count.getOrDefault(group, 0))));
            details.add(line.toString());
        }
    }

    /** The median over rounds of A's time divided by B's time in the same round. */
    static double pairedRatio(List<ColdStart.Run> a, List<ColdStart.Run> b) {
        int rounds = Math.min(a.size(), b.size());
        if (rounds == 0) {
            return Double.NaN;
        }
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = (double) a.get(i).answerNanos() / b.get(i).answerNanos();
        }
        return Summary.ofMillis(ratios).p50();
    }

    private static String totals(List<ColdStart.Run> runs) {
        return runs.isEmpty() ? "-" : Summary.ofNanos(runs.stream().mapToLong(ColdStart.Run::answerNanos).toArray()).minMedianMax();
    }

    private static String stepLine(ColdStart.Side side, List<ColdStart.Run> runs) {
        if (runs.isEmpty()) {
            return String.format(Locale.ROOT, "  %-36s %10s", side.label(), "failed");
        }
        double main = median(runs, run -> run.mark("main"));
        double init = median(runs, run -> run.mark("init") - run.mark("main"));
        double invoke = median(runs, run -> run.mark("answer") - run.mark("init"));
        double pipe = median(runs, run -> run.answerNanos() - run.mark("answer"));
        double total = median(runs, ColdStart.Run::answerNanos);
        return String.format(Locale.ROOT, "  %-36s %10s %10s %12s %10s %8s", side.label(), Summary.ms(main), Summary.ms(init),
                Summary.ms(invoke), Summary.ms(pipe), Summary.ms(total));
    }

    private static double median(List<ColdStart.Run> runs, java.util.function.ToLongFunction<ColdStart.Run> nanos) {
        return Summary.ofNanos(runs.stream().mapToLong(nanos).toArray()).p50();
    }

    /**
     * The environment Lambda gives a java21 function, and the stack's variables: the function
     * builds its client from these exactly as in AWS; {@code AWS_ENDPOINT_URL_DYNAMODB} (honoured by
     * the SDK's endpoint resolution) points it at DynamoDB Local.
     */
    private static Map<String, String> lambdaEnv(Fixture fixture, String functionName, String handler, int memoryMb,
            boolean hubcrm) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", fixture.endpoint().toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[1]bench");
        env.put("_HANDLER", handler);
        env.put(TableDesign.TABLE_ENV, fixture.table());
        env.put("BENCH_PK", fixture.pk());
        env.put("BENCH_SK", fixture.sk());
        if (hubcrm) {
            env.put("HUBCRM_OPERATOR_KEY_SHA256", fixture.operatorKeySha256());
            env.put("POWERTOOLS_SERVICE_NAME", functionName);
            env.put("POWERTOOLS_METRICS_NAMESPACE", "hubcrm");
            env.put("POWERTOOLS_LOG_LEVEL", "INFO");
            env.put("BENCH_CUSTOMER_ID", fixture.customerId());
            env.put("BENCH_API_KEY", fixture.apiKey());
        }
        return env;
    }

    // ------------------------------------------------------------------------------------------
    // cold start under the Lambda runtime

    private static void runtimeColdStart(Options options, Path root, Path out, Fixture fixture, Report report,
            List<String> details, PrintStream console) {
        String name = "runtime cold start";
        LambdaFunction function = LambdaFunction.CUSTOMERS_API;
        Path rie = options.rie() != null ? options.rie() : root.resolve(".tools/bin/aws-lambda-rie");
        Path ricClasspathFile = root.resolve("runtime-check/target/ric-classpath.txt");
        Path functionJar = functionJar(root, function);
        Path bareJar = root.resolve("bench/target/bare-hello.jar");
        for (Path needed : List.of(rie, ricClasspathFile, functionJar, bareJar)) {
            if (!Files.isRegularFile(needed)) {
                report.add(new Report.Row(name, "-", "-", "-", "-", "ERROR"));
                report.note(name + ": " + needed + " is missing: build with mvn -pl bench -am package; the emulator is built"
                        + " into .tools/bin by ./dev test (or pass --rie)");
                return;
            }
        }
        String ricClasspath;
        try {
            ricClasspath = Files.readString(ricClasspathFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (System.getProperty(dev.hubcrm.testkit.lambda.Events.DIR_PROPERTY) == null) {
            System.setProperty(dev.hubcrm.testkit.lambda.Events.DIR_PROPERTY, root.resolve("events").toString());
        }
        Path work = out.resolve("runtime-cold");
        int memoryMb = function.memoryMb();
        try (dev.hubcrm.runtimecheck.ContainerCredentialsEndpoint credentials = new dev.hubcrm.runtimecheck.ContainerCredentialsEndpoint()) {
            String functionName = "hubcrm-" + function.module();
            Map<String, String> fnEnv = runtimeEnv(fixture, functionName, credentials, options);
            fnEnv.put(TableDesign.TABLE_ENV, fixture.table());
            fnEnv.put("POWERTOOLS_SERVICE_NAME", functionName);
            fnEnv.put("POWERTOOLS_METRICS_NAMESPACE", "hubcrm");
            fnEnv.put("POWERTOOLS_LOG_LEVEL", "INFO");
            String getCustomer = dev.hubcrm.testkit.lambda.Events.fill(dev.hubcrm.testkit.lambda.Events.read("http/get-customer.json"),
                    Map.of("customerId", fixture.customerId(), "hubKey", fixture.apiKey()));
            RuntimeColdStart.Side fn = new RuntimeColdStart.Side("function", function.module() + ".jar",
                    RuntimeColdStart.taskRoot(functionJar, work.resolve("function-task")),
                    function.handlerClass() + "::handleRequest", memoryMb, fnEnv, getCustomer,
                    answer -> answer.path("statusCode").asInt() == 200 && answer.path("body").asText().contains(fixture.customerId()));
            String bareEvent = "{\"table\":\"" + fixture.table() + "\",\"pk\":\"" + fixture.pk() + "\",\"sk\":\"" + fixture.sk() + "\"}";
            RuntimeColdStart.Side bare = new RuntimeColdStart.Side("bare", "bare SDK GetItem",
                    RuntimeColdStart.taskRoot(bareJar, work.resolve("bare-task")),
                    BareRuntimeHandler.class.getName() + "::handleRequest", memoryMb,
                    runtimeEnv(fixture, "hubcrm-bare-hello", credentials, options), bareEvent,
                    answer -> answer.isTextual() && !answer.asText().equals("none"));
            List<RuntimeColdStart.Side> sides = new ArrayList<>(List.of(fn, bare));
            for (String tried : options.runtimeTries()) {
                Map<String, String> env = new LinkedHashMap<>(fnEnv);
                env.put("JAVA_TOOL_OPTIONS", fnEnv.get("JAVA_TOOL_OPTIONS") + " " + tried);
                sides.add(new RuntimeColdStart.Side("try-" + (sides.size() - 1), fn.label() + " " + tried, fn.taskRoot(),
                        fn.handler(), memoryMb, env, fn.event(), fn.good()));
            }
            RuntimeColdStart runtime = new RuntimeColdStart(rie, ricClasspath, out);
            console.printf(Locale.ROOT, "runtime cold start: %d runs per side (+1 warm-up), taken in turn; the runtime interface"
                    + " client behind %s, JAVA_TOOL_OPTIONS=%s%n", options.runs(), root.relativize(rie).toString().startsWith("..")
                    ? rie : root.relativize(rie), fnEnv.get("JAVA_TOOL_OPTIONS"));
            ColdRounds.Result<RuntimeColdStart.Run> taken = ColdRounds.take(sides, fn, options.runs(), options.diagnostics(),
                    out, "runtime-classload-", runtime::once, console);
            Map<String, List<RuntimeColdStart.Run>> runs = taken.runs();
            Map<String, String> failures = taken.failures();
            Map<String, Map<String, Integer>> classCounts = taken.classCounts();
            List<String> log4jWindow = taken.log4jWindow();
            Summary f = RuntimeColdStart.summary(runs.get(fn.key()));
            Summary b = RuntimeColdStart.summary(runs.get(bare.key()));
            double ratio = f.p50() / b.p50();
            report.add(new Report.Row("runtime cold start (RIC + RIE): " + fn.label() + " vs " + bare.label(),
                    runs.get(fn.key()).isEmpty() ? "-" : f.minMedianMax(), runs.get(bare.key()).isEmpty() ? "-" : b.minMedianMax(),
                    Report.ratio(ratio), "<= " + COLD_START_TARGET + "x", Report.verdict(ratio, COLD_START_TARGET)));
            report.note("runtime cold start: from starting aws-lambda-rie (which starts the JVM with the java21 runtime's options"
                    + " and the runtime interface client on the unzipped jar at the first invocation) to that invocation's answer:"
                    + " GET /v1/customers/{id} (events/http/get-customer.json), resp. one GetItem; credentials from a container"
                    + " credentials endpoint as under SnapStart; ratio of medians; " + credentials.served() + " credentials served");
            for (RuntimeColdStart.Side tried : sides.subList(2, sides.size())) {
                Summary t = RuntimeColdStart.summary(runs.get(tried.key()));
                report.add(new Report.Row("runtime cold start: " + tried.label(),
                        runs.get(tried.key()).isEmpty() ? "-" : t.minMedianMax(), runs.get(fn.key()).isEmpty() ? "-" : f.minMedianMax(),
                        Report.ratio(t.p50() / f.p50()), "tried vs as built", "-"));
            }
            failures.forEach((side, failure) -> report.note("runtime cold start " + side + " FAILED: " + failure));
            details.add("");
            details.add("runtime cold start, medians (ms): total from process start; init (JVM, runtime client, handler constructor) and first"
                    + " invoke as the emulator logs them; rest: emulator start, process start, HTTP:");
            details.add(String.format(Locale.ROOT, "  %-36s %10s %10s %10s %10s", "", "total", "init", "invoke", "rest"));
            for (RuntimeColdStart.Side side : sides) {
                List<RuntimeColdStart.Run> sideRuns = runs.get(side.key());
                if (sideRuns.isEmpty()) {
                    details.add(String.format(Locale.ROOT, "  %-36s %10s", side.label(), "failed"));
                    continue;
                }
                double total = RuntimeColdStart.summary(sideRuns).p50();
                double init = Summary.ofMillis(sideRuns.stream().mapToDouble(RuntimeColdStart.Run::initMillis).toArray()).p50();
                double invoke = Summary.ofMillis(sideRuns.stream().mapToDouble(RuntimeColdStart.Run::invokeMillis).toArray()).p50();
                details.add(String.format(Locale.ROOT, "  %-36s %10s %10s %10s %10s", side.label(), Summary.ms(total),
                        Summary.ms(init), Summary.ms(invoke), Summary.ms(total - init - invoke)));
            }
            if (options.diagnostics()) {
                if (!classCounts.isEmpty()) {
                    List<String> table = new ArrayList<>();
                    classLoads(classCounts, table);
                    table.set(1, "classes loaded by one cold start under the runtime (-Xlog:class+load in the warm-up run), by origin:");
                    details.addAll(table);
                }
                details.addAll(log4jWindow);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What Lambda's java21 runtime gives every function, and JAVA_TOOL_OPTIONS as the stack sets it;
     * credentials only from the container credentials endpoint (SnapStart gives no access keys);
     * {@code AWS_ENDPOINT_URL_DYNAMODB} points the SDK at DynamoDB Local.
     */
    private static Map<String, String> runtimeEnv(Fixture fixture, String functionName,
            dev.hubcrm.runtimecheck.ContainerCredentialsEndpoint credentials, Options options) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]bench");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", fixture.endpoint().toString());
        env.putAll(credentials.environment());
        List<String> toolOptions = new ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        toolOptions.addAll(options.childFlags());
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", toolOptions));
        return env;
    }

    // ------------------------------------------------------------------------------------------
    // warm

    private static void warm(Options options, AppContext app, Fixture fixture, Report report, PrintStream console) {
        console.printf(Locale.ROOT, "warm: %d warm-up calls, then %d measured calls of each kind, interleaved in blocks of 100%n",
                options.warmupCalls(), options.calls());
        Warm.Result result = Warm.run(app, fixture, options.warmupCalls(), options.calls(), 100);
        double ratio = result.handler().p50() / result.raw().p50();
        report.add(new Report.Row("warm: GET customer via handler vs raw GetItem", warmCell(result.handler()),
                warmCell(result.raw()), Report.ratio(ratio), "<= " + WARM_TARGET + "x", Report.verdict(ratio, WARM_TARGET)));
        report.note(String.format(Locale.ROOT, "warm: in this JVM (C2), same client, same item, ratio of p50s; p90 ratio %.2fx",
                result.handler().p90() / result.raw().p90()));
    }

    // ------------------------------------------------------------------------------------------
    // import

    private static void imports(Options options, Fixture fixture, Report report, PrintStream console) {
        console.printf(Locale.ROOT, "import: %,d CSV rows through ImportService.start and the worker (%d pollers, %d a batch),"
                + " then raw BatchWriteItem of the same items%n", options.importRows(), ImportBench.CONCURRENCY, ImportBench.BATCH_SIZE);
        ImportBench.Result result;
        try (dev.hubcrm.testkit.EmbeddedSqs sqs = dev.hubcrm.testkit.EmbeddedSqs.start()) {
            result = ImportBench.run(fixture.endpoint(), fixture.operatorKeySha256(), sqs.endpoint(), options.importRows());
        }
        double ratio = result.importRowsPerSecond() / result.rawRowsPerSecond();
        report.add(new Report.Row(String.format(Locale.ROOT, "import: %,d rows vs raw BatchWriteItem", result.rows()),
                String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", result.importRowsPerSecond(), result.importNanos() / 1e9),
                String.format(Locale.ROOT, "%,.0f rows/s (%.1f s)", result.rawRowsPerSecond(), result.rawNanos() / 1e9),
                Report.ratio(ratio), ">= " + IMPORT_TARGET + "x", ratio >= IMPORT_TARGET ? "PASS" : "MISS"));
        report.note(String.format(Locale.ROOT, "import: %,d rows measured, ImportService.start to status done, worker driven by"
                + " in-process SQS pollers on ElasticMQ; raw: the %,d items it wrote for them (customer, email claim, index entries),"
                + " 25 a BatchWriteItem, into a fresh table on the same DynamoDB Local; neither table has a stream",
                result.rows(), result.rawItems()));
    }

    private static void segments(Options options, EmbeddedDynamoDb dynamoDb, String operatorKeySha256, Report report,
            PrintStream console) {
        console.printf(Locale.ROOT, "segments: %,d customers, %d segments, %d single-customer changes, then a full backfill%n",
                options.segmentCustomers(), SegmentBench.SEGMENTS, SegmentBench.CHANGES);
        SegmentBench.ItemCounter counter = new SegmentBench.ItemCounter();
        try (DynamoDbClient counting = countingClient(dynamoDb, counter)) {
            SegmentBench.Result result = SegmentBench.run(dynamoDb.endpoint(), operatorKeySha256, counting, counter,
                    options.segmentCustomers());
            report.add(new Report.Row(String.format(Locale.ROOT, "segments: items read per customer change (%d changes)", result.changes()),
                    String.format(Locale.ROOT, "max %d, mean %.2f", result.maxItemsRead(), result.meanItemsRead()),
                    String.format(Locale.ROOT, "1 + touched (mean touched %.2f)", result.meanTouched()), "-",
                    "<= 1 + touched", result.worstExcess() <= 0 ? "PASS" : "MISS"));
            double seconds = result.backfillNanos() / 1e9;
            report.add(new Report.Row(String.format(Locale.ROOT, "segments: full backfill of %,d customers", result.customers()),
                    String.format(Locale.ROOT, "%.1f s (%,.0f customers/s)", seconds, result.customers() / seconds),
                    String.format(Locale.ROOT, "%d steps, %,d members", result.backfillSteps(), result.members()), "-", "report", "-"));
            report.note(String.format(Locale.ROOT, "segments: reads counted on the evaluation the stream handler runs per record "
                    + "(catalogue read + evaluation of old and new image); membership writes are transactions with one condition "
                    + "check on the customer's version each (max %d per change); backfill driven step by step as its stream records "
                    + "drive it, on DynamoDB Local in this JVM", result.maxConditionChecks()));
        }
    }

    /** Runs {@code bench} with a DynamoDB Local client whose responses a fresh counter sees. */
    private static <T> T counted(EmbeddedDynamoDb dynamoDb, BiFunction<DynamoDbClient, SegmentBench.ItemCounter, T> bench) {
        SegmentBench.ItemCounter counter = new SegmentBench.ItemCounter();
        try (DynamoDbClient counting = countingClient(dynamoDb, counter)) {
            return bench.apply(counting, counter);
        }
    }

    /** A DynamoDB Local client whose responses the counter sees. */
    private static DynamoDbClient countingClient(EmbeddedDynamoDb dynamoDb, SegmentBench.ItemCounter counter) {
        return DynamoDbClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .endpointOverride(dynamoDb.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
                .build();
    }

    private static void channelFeed(EmbeddedDynamoDb dynamoDb, String operatorKeySha256, int members, Report report, PrintStream console) {
        console.printf(Locale.ROOT, "channel-feed: a channel over %,d members with %d notes each, %d feed pages of %d%n",
                members, ChannelFeedBench.NOTES_EACH, ChannelFeedBench.ROUNDS, ChannelFeedBench.PAGE);
        SegmentBench.ItemCounter counter = new SegmentBench.ItemCounter();
        try (DynamoDbClient counting = countingClient(dynamoDb, counter)) {
            ChannelFeedBench.Result result = ChannelFeedBench.run(dynamoDb.endpoint(), operatorKeySha256, counting, counter, members);
            double perPage = (double) result.maxItemsRead() / ChannelFeedBench.PAGE;
            report.add(new Report.Row("channel-feed: items read per feed page of " + ChannelFeedBench.PAGE,
                    String.format(Locale.ROOT, "max %d, mean %.1f", result.maxItemsRead(), result.meanItemsRead()),
                    ChannelFeedBench.PAGE + " (page size)", Report.ratio(perPage), "<= 2x", Report.verdict(perPage, 2)));
            report.add(new Report.Row("channel-feed: feed page p50 vs one raw Query of " + ChannelFeedBench.PAGE, warmCell(result.feed()),
                    warmCell(result.rawFeed()), Report.ratio(result.feed().p50() / result.rawFeed().p50()), "report", "-"));
            double seconds = result.backfillNanos() / 1e9;
            report.add(new Report.Row(String.format(Locale.ROOT, "channel-feed: backfill of %,d members' %,d notes", members,
                    members * ChannelFeedBench.NOTES_EACH), String.format(Locale.ROOT, "%.1f s", seconds),
                    result.backfillSteps() + " steps", "-", "report", "-"));
            report.note(String.format(Locale.ROOT, "channel-feed: seeding took %.0f s; the newest %d entries name %d different customers"
                    + " (notes written round by round); a feed page reads the channel and its entries (each a copy of its note"
                    + " with its customer's name); a feed page and its raw Query alternate, %d rounds, on DynamoDB Local in this JVM",
                    result.seedNanos() / 1e9, ChannelFeedBench.PAGE, ChannelFeedBench.PAGE, ChannelFeedBench.ROUNDS));
        }
    }

    private static void noteSearch(EmbeddedDynamoDb dynamoDb, String operatorKeySha256, Report report, PrintStream console) {
        console.printf(Locale.ROOT, "note-search: %,d customers with %d notes each, %d rounds of search pages of %d%n",
                SearchBench.CUSTOMERS, SearchBench.NOTES_EACH, SearchBench.ROUNDS, SearchBench.PAGE);
        SearchBench.Result result = counted(dynamoDb, (counting, counter) -> SearchBench.run(dynamoDb.endpoint(), operatorKeySha256,
                counting, counter));
        String raw = "one raw Query of " + SearchBench.PAGE;
        report.add(new Report.Row("note-search: page of \"" + SearchBench.ONE_WORD + "\" p50 vs " + raw, warmCell(result.oneWord()),
                warmCell(result.rawQuery()), Report.ratio(result.oneWord().p50() / result.rawQuery().p50()), "about 1x", "-"));
        report.add(new Report.Row("note-search: page of \"" + SearchBench.TWO_WORDS + "\" p50 vs " + raw, warmCell(result.twoWords()),
                warmCell(result.rawQuery()), Report.ratio(result.twoWords().p50() / result.rawQuery().p50()), "report", "-"));
        report.add(new Report.Row("note-search: the reads of a page before ADR 31 p50 vs " + raw, warmCell(result.before()),
                warmCell(result.rawQuery()), Report.ratio(result.before().p50() / result.rawQuery().p50()), "report", "-"));
        report.add(new Report.Row("note-search: items read per page of \"" + SearchBench.ONE_WORD + "\"",
                String.format(Locale.ROOT, "max %d, mean %.1f", result.maxItemsRead(), result.meanItemsRead()),
                SearchBench.PAGE + " (page size)", Report.ratio((double) result.maxItemsRead() / SearchBench.PAGE), "report", "-"));
        report.note(String.format(Locale.ROOT, "note-search: seeding took %.0f s; the newest %d hits name %d different customers;"
                + " a page reads its entries and the customers they name; the four alternate, %d rounds, on DynamoDB Local in this JVM",
                result.seedNanos() / 1e9, SearchBench.PAGE, SearchBench.PAGE, SearchBench.ROUNDS));
    }

    private static void wallet(Options options, Fixture fixture, Report report, PrintStream console) {
        AppContext app = WalletBench.app(fixture.endpoint(), fixture.operatorKeySha256());
        console.printf(Locale.ROOT, "wallet: low-balance job over %,d customers (%d below the threshold), then %,d charges%n",
                WALLET_CUSTOMERS, WALLET_LOW, options.calls() / 5);
        WalletBench.LowBalance low = WalletBench.lowBalance(app, WALLET_CUSTOMERS, WALLET_LOW);
        double readPerMatch = (double) low.run().itemsRead() / low.run().matched();
        report.add(new Report.Row(String.format(Locale.ROOT, "low-balance job: items read / matched (%,d customers)", low.customers()),
                String.format(Locale.ROOT, "%,d items read", low.run().itemsRead()),
                String.format(Locale.ROOT, "%,d matched, %,d reminded", low.run().matched(), low.run().reminded()),
                Report.ratio(readPerMatch), "<= " + LOW_BALANCE_TARGET + "x", Report.verdict(readPerMatch, LOW_BALANCE_TARGET)));
        long[][] charges = WalletBench.charges(app, options.warmupCalls() / 10, options.calls() / 5);
        Summary charge = Summary.ofNanos(charges[0]);
        Summary raw = Summary.ofNanos(charges[1]);
        report.add(new Report.Row("wallet charge p50 vs raw conditional UpdateItem", warmCell(charge), warmCell(raw),
                Report.ratio(charge.p50() / raw.p50()), "<= " + CHARGE_TARGET + "x", Report.verdict(charge.p50() / raw.p50(), CHARGE_TARGET)));
        report.note("wallet charge: WalletService.charge (one transaction of the balance update conditioned on the floor, the"
                + " orderRef claim and the ledger entry; the hub's floor remembered for 30 s, ADR 8) against one UpdateItem"
                + " conditioned on balance >= amount, alternating, on the same DynamoDB Local");
    }

    private static void capacity(EmbeddedDynamoDb dynamoDb, Report report, List<String> details, PrintStream console) {
        console.printf(Locale.ROOT, "capacity: each write path %d times (imports: one %d-row file) with ReturnConsumedCapacity=INDEXES%n",
                CapacityBench.REPEATS, CapacityBench.IMPORT_ROWS);
        List<CapacityBench.Cost> costs = CapacityBench.run(dynamoDb.endpoint());
        for (CapacityBench.Cost cost : costs) {
            report.add(new Report.Row("capacity: " + cost.operation(),
                    CapacityBench.number(cost.wcu()) + " WCU (" + CapacityBench.number(cost.indexTotal()) + " on GSIs)",
                    CapacityBench.number(cost.rcu()) + " RCU", "-", "report", "-"));
        }
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        PrintStream printer = new PrintStream(table, true, StandardCharsets.UTF_8);
        printer.println();
        printer.println("capacity per operation (WCU tbl: base table, all in the hub's partition; WCU GSI: index entries;"
                + " (Local): DynamoDB Local's own WCU sum):");
        CapacityBench.print(costs, printer);
        details.add(table.toString(StandardCharsets.UTF_8).stripTrailing());
        long unreported = costs.stream().mapToLong(CapacityBench.Cost::unreported).sum();
        report.note("capacity: RCU as DynamoDB Local reports them (ReturnConsumedCapacity=INDEXES); WCU computed from the"
                + " items each write touched, read before and after it (DynamoDB Local reports a TransactWriteItems as if it"
                + " held one item: its own sum is the (Local) column)"
                + (unreported == 0 ? "" : "; " + unreported + " requests reported no capacity"));
    }

    private static void quotas(Options options, AppContext app, Report report, PrintStream console) {
        console.printf(Locale.ROOT, "quotas: %,d check-and-counts allowed and refused, against raw conditional UpdateItems%n",
                options.calls() / 5);
        long[][] takes = QuotaBench.takes(app.dynamo(), TABLE, options.warmupCalls() / 10, options.calls() / 5);
        Summary allowed = Summary.ofNanos(takes[0]);
        Summary raw = Summary.ofNanos(takes[1]);
        Summary refused = Summary.ofNanos(takes[2]);
        report.add(new Report.Row("quota check-and-count (allowed) p50 vs raw conditional UpdateItem", warmCell(allowed), warmCell(raw),
                Report.ratio(allowed.p50() / raw.p50()), "<= " + QUOTA_TARGET + "x", Report.verdict(allowed.p50() / raw.p50(), QUOTA_TARGET)));
        report.add(new Report.Row("quota check-and-count (refused) p50 vs raw conditional UpdateItem", warmCell(refused), warmCell(raw),
                Report.ratio(refused.p50() / raw.p50()), "report", "-"));
        report.note("quotas: Quotas.checkAndCount through DynamoQuotaCounter (one UpdateItem: ADD count if below the limit, ADR 14),"
                + " allowed and refused (the condition fails), against the same UpdateItem sent raw, alternating, on the same DynamoDB Local");
    }

    private static String warmCell(Summary summary) {
        return "p50 " + Summary.ms(summary.p50()) + ", p90 " + Summary.ms(summary.p90()) + " ms";
    }

    // ------------------------------------------------------------------------------------------
    // size

    private static void sizes(Path root, Report report) {
        for (LambdaFunction function : LambdaFunction.values()) {
            Path jar = functionJar(root, function);
            if (!Files.isRegularFile(jar)) {
                report.add(new Report.Row("jar size: " + function.module(), "missing: " + root.relativize(jar), "-", "-",
                        "<= 15 MB", "ERROR"));
                continue;
            }
            long bytes = size(jar);
            report.add(new Report.Row("jar size: " + function.module(), megabytes(bytes), "-", "-", "<= 15 MB",
                    bytes <= JAR_LIMIT_BYTES ? "PASS" : "MISS"));
        }
        List<String> yardsticks = new ArrayList<>();
        for (String name : List.of("bare-hello.jar", "bare-hello-crt.jar")) {
            Path jar = root.resolve("bench/target").resolve(name);
            if (Files.isRegularFile(jar)) {
                yardsticks.add(name + " " + megabytes(size(jar)));
            }
        }
        report.note("jar size: MB = 10^6 bytes" + (yardsticks.isEmpty() ? "" : "; yardsticks: " + String.join(", ", yardsticks)));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB (%.2f MiB)", bytes / 1e6, bytes / 1048576.0);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // places and arguments

    private static Path functionJar(Path root, LambdaFunction function) {
        return root.resolve("functions").resolve(function.module()).resolve("target").resolve(function.module() + ".jar");
    }

    /** bench/target/classes, where this class comes from. */
    private static Path benchClasses() {
        try {
            return Path.of(ColdStartFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository: three levels above bench/target/classes, else the working directory. */
    private static Path root() {
        Path classes = benchClasses().toAbsolutePath();
        Path candidate = classes.getParent() == null || classes.getParent().getParent() == null
                ? null : classes.getParent().getParent().getParent();
        if (candidate != null && Files.isDirectory(candidate.resolve("functions"))) {
            return candidate;
        }
        return Path.of("").toAbsolutePath();
    }

    static Options parse(String[] args) {
        int runs = 7;
        int warmupCalls = 2000;
        int calls = 5000;
        int probeRuns = 2;
        boolean diagnostics = true;
        int importRows = 5_000;
        int segmentCustomers = 10_000;
        int channelMembers = ChannelFeedBench.MEMBERS;
        List<Double> campaignRates = List.of(14.0, 100.0);
        Set<String> only = new LinkedHashSet<>(BENCHMARKS);
        Path rie = null;
        List<String> runtimeTries = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> childFlags = List.of();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--runs" -> runs = positive(arg, value(args, ++i, arg));
                case "--warmup-calls" -> warmupCalls = positive(arg, value(args, ++i, arg));
                case "--calls" -> calls = positive(arg, value(args, ++i, arg));
                case "--import-rows" -> importRows = positive(arg, value(args, ++i, arg));
                case "--segment-customers" -> segmentCustomers = positive(arg, value(args, ++i, arg));
                case "--channel-members" -> channelMembers = positive(arg, value(args, ++i, arg));
                case "--campaign-rates" -> campaignRates = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(rate -> (double) positive(arg, rate.strip())).toList();
                case "--probe-runs" -> probeRuns = positive(arg, value(args, ++i, arg));
                case "--no-diagnostics" -> diagnostics = false;
                case "--java" -> java = Path.of(value(args, ++i, arg));
                case "--rie" -> rie = Path.of(value(args, ++i, arg));
                case "--runtime-try" -> runtimeTries.add(value(args, ++i, arg).strip());
                case "--child-flags" -> childFlags = Arrays.stream(value(args, ++i, arg).strip().split("\\s+"))
                        .filter(flag -> !flag.isEmpty()).toList();
                case "--only" -> {
                    only = new LinkedHashSet<>(Arrays.asList(value(args, ++i, arg).split(",")));
                    if (!BENCHMARKS.containsAll(only)) {
                        throw new IllegalArgumentException("--only takes " + String.join(", ", BENCHMARKS) + ", comma-separated");
                    }
                }
                case "-h", "--help" -> {
                    System.err.print(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return new Options(runs, only, warmupCalls, calls, probeRuns, diagnostics, java, childFlags, importRows, segmentCustomers,
                channelMembers, campaignRates, rie, List.copyOf(runtimeTries));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " takes a positive whole number, not " + value);
    }
}
