package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.exports.ExportService;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/customers/export} over HTTP: a hub of more than {@link ExportService#DIRECT_MAX_CUSTOMERS}
 * customers gets an export job (202), which the local export worker writes through the local queue,
 * and {@code GET /v1/exports/{id}} gives a download URL whose CSV has every customer once; a small
 * export still answers the CSV itself.
 */
class ExportsE2ETest {
    private static final int CUSTOMERS = ExportService.DIRECT_MAX_CUSTOMERS + 37;
    private static final Duration DONE_WITHIN = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String key;

    /** One hub of {@link #CUSTOMERS} customers, made through an import (one request, the import worker writes them). */
    @BeforeAll
    static void largeHub() {
        key = TestApi.newHub("Large export");
        StringBuilder csv = new StringBuilder("email,firstName,lastName,tags\n");
        for (int i = 1; i <= CUSTOMERS; i++) {
            csv.append("c").append(i).append("@large.example,First ").append(i).append(',')
                    .append(i == 7 ? "\"Quote \"\"me\"\", please\"" : "Last") .append(',')
                    .append(i % 100 == 0 ? "hundreds" : "all").append('\n');
        }
        TestApi.Response started = call("POST", "/v1/imports", key, csv.toString(), "Content-Type", "text/csv");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String importId = started.json().get("id").asText();
        JsonNode state = poll("/v1/imports/" + importId, new ArrayList<>());
        assertThat(state.get("created").asLong()).as(state.toString()).isEqualTo(CUSTOMERS);
    }

    @Test
    void moreCustomersThanOneAnswerHoldsBecomeAnExportWithADownloadOfEveryCustomerOnce() throws Exception {
        TestApi.Response accepted = call("GET", "/v1/customers/export", key, null);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.header("Content-Type")).startsWith("application/json");
        String id = accepted.json().get("id").asText();
        assertThat(id).startsWith("exp_");
        assertThat(accepted.header("Location")).isEqualTo("/v1/exports/" + id);
        assertThat(accepted.json().get("status").asText()).isEqualTo("queued");
        assertThat(accepted.json().get("processed").asLong()).isZero();

        List<JsonNode> seen = new ArrayList<>();
        JsonNode done = poll("/v1/exports/" + id, seen);
        long previous = 0;
        for (JsonNode state : seen) {
            assertThat(state.get("processed").asLong()).as("progress only grows").isGreaterThanOrEqualTo(previous);
            previous = state.get("processed").asLong();
        }
        assertThat(done.get("processed").asLong()).isEqualTo(CUSTOMERS);
        assertThat(done.has("finishedAt")).isTrue();
        Instant expiresAt = Instant.parse(done.get("expiresAt").asText());
        assertThat(expiresAt).isBetween(Instant.now(), Instant.now().plus(ExportService.DOWNLOAD_URL_VALIDITY).plusSeconds(5));

        List<CSVRecord> rows = download(done.get("downloadUrl").asText());
        List<String> expectedIds = CustomersApiE2ETest.ids(key, "/v1/customers?limit=200");
        assertThat(expectedIds).hasSize(CUSTOMERS);
        List<String> exportedIds = rows.stream().map(row -> row.get("id")).toList();
        assertThat(exportedIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(rows.stream().filter(row -> row.get("email").equals("c7@large.example")).findFirst().orElseThrow()
                .get("lastName")).isEqualTo("Quote \"me\", please");
        // the same CSV a small export answers: the tags column and the rest
        assertThat(rows.getFirst().getParser().getHeaderNames()).startsWith("id", "type", "firstName", "lastName")
                .contains("tags", "balance", "updatedAt");
    }

    @Test
    void theJobExportsWhatTheFiltersListAndASmallExportIsStillTheCsvItself() throws Exception {
        TestApi.Response direct = call("GET", "/v1/customers/export?tag=hundreds", key, null);
        assertThat(direct.status()).as(direct.body()).isEqualTo(200);
        assertThat(direct.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        List<CSVRecord> directRows = parse(direct.body());
        assertThat(directRows).hasSize(CUSTOMERS / 100);

        // Prefer: respond-async asks for the job even so; it keeps the filter
        TestApi.Response accepted = call("GET", "/v1/customers/export?tag=hundreds", key, null, "Prefer", "respond-async");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode done = poll("/v1/exports/" + accepted.json().get("id").asText(), new ArrayList<>());
        assertThat(done.get("processed").asLong()).isEqualTo(CUSTOMERS / 100);
        assertThat(download(done.get("downloadUrl").asText()).stream().map(row -> row.get("id")).toList())
                .containsExactlyInAnyOrderElementsOf(directRows.stream().map(row -> row.get("id")).toList());
    }

    @Test
    void aDownloadUrlIsRefusedOnceTamperedWithAndUnknownExportsAreNotFound() throws Exception {
        TestApi.Response accepted = call("GET", "/v1/customers/export?tag=hundreds", key, null, "Prefer", "respond-async");
        JsonNode done = poll("/v1/exports/" + accepted.json().get("id").asText(), new ArrayList<>());
        String url = done.get("downloadUrl").asText();
        assertThat(get(url.replace("signature=", "signature=0")).statusCode()).isEqualTo(403);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("a download URL does not upload").isEqualTo(403);

        assertThat(call("GET", "/v1/exports/exp_00000000000000000000000000", key, null).status()).isEqualTo(404);
        TestApi.Response malformed = call("GET", "/v1/exports/not-an-id", key, null);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.header("Content-Type")).isEqualTo("application/problem+json");
    }

    /** Polls until done; every state seen is added to {@code seen}; answers the last (done) one. */
    private static JsonNode poll(String path, List<JsonNode> seen) {
        Instant deadline = Instant.now().plus(DONE_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            TestApi.Response response = call("GET", path, key, null);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode state = response.json();
            seen.add(state);
            if (state.get("status").asText().equals("done")) {
                return state;
            }
            assertThat(state.get("status").asText()).as(state.toString()).isIn("queued", "running");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(path + " not done within " + DONE_WITHIN + "; last seen " + seen.getLast());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The file at a download URL: fetched without the API key, as a browser would. */
    private static List<CSVRecord> download(String url) throws Exception {
        TestApi.pathOf(url);
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        return parse(response.body());
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(csv))
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            List<CSVRecord> rows = parser.getRecords();
            Set<String> ids = new HashSet<>();
            rows.forEach(row -> assertThat(ids.add(row.get("id"))).as("exported twice: " + row.get("id")).isTrue());
            return rows;
        }
    }
}
