package dev.hubcrm.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * moto's server mode (AWS emulator, {@code moto[server]} from the project's .venv) on a free
 * loopback port, for the services no in-process emulator covers (SES v2, S3). Fails, never skips,
 * when {@code moto_server} is missing: {@code ./dev test} installs it.
 */
public final class MotoServer {
    private MotoServer() {
    }

    public static EmulatorProcess start() {
        return EmulatorProcess.start(executable(), port -> List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
    }

    /** moto_server in $HUBCRM_VENV/bin (set by ./dev test), else on the PATH. */
    private static Path executable() {
        String venv = System.getenv("HUBCRM_VENV");
        return EmulatorProcess.find(venv == null ? null : Path.of(venv, "bin", "moto_server"), "moto_server",
                "moto_server not found in $HUBCRM_VENV/bin or on PATH: run ./dev test (it installs moto[server] into .venv)");
    }

    /**
     * How many mails moto's SES kept for each address (its {@code /moto-api/data.json}); an address moto lists twice
     * in one mail, from the call and from the message's To header, counts once.
     */
    public static Map<String, Integer> mailsPerAddress(URI moto) {
        Map<String, Integer> counts = new HashMap<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String data = http.send(HttpRequest.newBuilder(moto.resolve("/moto-api/data.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode message : new ObjectMapper().readTree(data).path("ses").path("RawMessage")) {
                Set<String> to = new HashSet<>();
                message.path("destinations").forEach(address -> to.add(address.asText()));
                to.forEach(address -> counts.merge(address, 1, Integer::sum));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
