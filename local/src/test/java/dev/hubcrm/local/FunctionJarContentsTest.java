package dev.hubcrm.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.routes.LambdaFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What each deployed function jar (functions/&lt;module&gt;/target/&lt;module&gt;.jar, built before this module) carries
 * (ADR 33): a library only in the functions that use it, no second HTTP client, and the SDK's service models
 * without the shapes of operations no function calls.
 */
class FunctionJarContentsTest {

    /** A library's package, and the only modules whose jar may carry it. */
    private static final Map<String, Set<String>> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("com/stripe/", Set.of("wallet-api", "low-balance-reminders"));
        LIBRARIES.put("org/apache/poi/", Set.of("imports"));
        LIBRARIES.put("org/apache/xmlbeans/", Set.of("imports"));
        LIBRARIES.put("org/apache/commons/csv/", Set.of("imports", "export-worker"));
        LIBRARIES.put("com/github/mustachejava/", Set.of("campaigns-api", "campaign-sender"));
        LIBRARIES.put("org/apache/james/mime4j/", Set.of("low-balance-reminders", "campaigns-api", "campaign-sender", "inbound-mail"));
        LIBRARIES.put("org/jsoup/", Set.of("inbound-mail"));
        LIBRARIES.put("software/amazon/awssdk/services/ssm/",
                Set.of("wallet-api", "stripe-webhook", "low-balance-reminders", "campaigns-api", "campaign-sender"));
        LIBRARIES.put("software/amazon/awssdk/services/sesv2/",
                Set.of("hubs-admin", "low-balance-reminders", "campaigns-api", "campaign-sender"));
        LIBRARIES.put("software/amazon/awssdk/services/s3/", Set.of("imports", "export-worker", "inbound-mail"));
        LIBRARIES.put("software/amazon/awssdk/services/sqs/", Set.of("imports", "campaigns-api", "campaign-sender"));
        // since ADR 32 only the event publisher puts events on the bus
        LIBRARIES.put("software/amazon/awssdk/services/eventbridge/", Set.of("event-publisher"));
        // One HTTP client (url-connection), no Kotlin runtime: in no function.
        LIBRARIES.put("software/amazon/awssdk/http/apache/", Set.of());
        LIBRARIES.put("software/amazon/awssdk/http/nio/netty/", Set.of());
        LIBRARIES.put("org/apache/http/", Set.of());
        LIBRARIES.put("io/netty/", Set.of());
        LIBRARIES.put("kotlin/", Set.of());
    }

    /** Shapes only operations no function calls use (a table export, an SSM association): the model filters are in effect. */
    private static final List<String> UNUSED_SHAPES = List.of(
            "software/amazon/awssdk/services/dynamodb/model/ExportDescription.class",
            "software/amazon/awssdk/services/dynamodb/model/BackupSummary.class",
            "software/amazon/awssdk/services/ssm/model/Association.class",
            "software/amazon/awssdk/services/sesv2/model/ContactList.class",
            "software/amazon/awssdk/services/s3/model/LifecycleRule.class");

    private static final Path FUNCTIONS = Path.of(System.getProperty("hubcrm.functions.dir", "../functions"));

    @Test
    void eachJarCarriesOnlyTheLibrariesOfItsFunction() throws IOException {
        List<String> misplaced = new ArrayList<>();
        for (String module : modules()) {
            Set<String> carried = carriedLibraries(jar(module));
            for (String library : carried) {
                if (!LIBRARIES.get(library).contains(module)) {
                    misplaced.add(module + " carries " + library);
                }
            }
        }
        assertThat(misplaced).isEmpty();
    }

    @Test
    void noJarCarriesTheShapesOfOperationsNoFunctionCalls() throws IOException {
        List<String> present = new ArrayList<>();
        for (String module : modules()) {
            try (ZipFile zip = new ZipFile(jar(module).toFile())) {
                UNUSED_SHAPES.stream().filter(shape -> zip.getEntry(shape) != null).forEach(shape -> present.add(module + ": " + shape));
            }
        }
        assertThat(present).isEmpty();
    }

    /**
     * The model filters keep only the operations some function calls (ADR 33): an operation added to the code and not
     * to the filters would fail with NoClassDefFoundError only when it is first sent, so each call the jar's own code
     * makes must find its request marshaller in the jar.
     */
    @Test
    void everySdkOperationAJarsCodeCallsIsKeptByItsFilters() throws IOException {
        List<String> missing = new ArrayList<>();
        int calls = 0;
        for (String module : modules()) {
            try (ZipFile zip = new ZipFile(jar(module).toFile())) {
                for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("dev/hubcrm/") && e.getName().endsWith(".class")).toList()) {
                    for (SdkCalls.Call call : SdkCalls.of(zip.getInputStream(entry).readAllBytes())) {
                        if (zip.getEntry(call.clientPackage()) == null) {
                            continue; // shared's adapter of a service this function does not carry, never loaded
                        }
                        calls++;
                        if (zip.getEntry(call.marshaller()) == null) {
                            missing.add(module + ": " + entry.getName() + " calls " + call.service() + " " + call.operation());
                        }
                    }
                }
            }
        }
        assertThat(calls).as("SDK calls found in the jars' own classes").isPositive();
        assertThat(missing).isEmpty();
    }

    private static Set<String> modules() {
        Set<String> modules = new TreeSet<>();
        for (LambdaFunction function : LambdaFunction.values()) {
            modules.add(function.module());
        }
        return modules;
    }

    private static Path jar(String module) {
        Path jar = FUNCTIONS.resolve(module).resolve("target").resolve(module + ".jar");
        assertThat(jar).as("the %s function jar (built before this module)", module).isRegularFile();
        return jar;
    }

    private static Set<String> carriedLibraries(Path jar) throws IOException {
        Set<String> carried = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName)
                    .forEach(name -> LIBRARIES.keySet().stream().filter(name::startsWith).forEach(carried::add));
        }
        return carried;
    }
}
