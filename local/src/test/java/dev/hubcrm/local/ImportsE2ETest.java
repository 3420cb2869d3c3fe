package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubcrm.imports.ImportService;
import dev.hubcrm.imports.ImportUploads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * CSV and XLSX imports over HTTP against the local server: the real imports API function, the
 * embedded ElasticMQ queue and the real worker behind the local SQS event source.
 */
class ImportsE2ETest {
    private static final String CSV = "text/csv";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DONE_WITHIN = Duration.ofSeconds(90);

    /** An answer of the API with its body as text. */
    private record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    private static Answer upload(String key, String query, String contentType, byte[] file, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestApi.server().baseUrl() + "/v1/imports" + query))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(file));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            return new Answer(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String started(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String id = answer.json().get("id").asText();
        assertThat(answer.headers().get("location")).isEqualTo("/v1/imports/" + id);
        return id;
    }

    private static JsonNode state(String key, String id) {
        TestApi.Response response = call("GET", "/v1/imports/" + id, key, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The import once the local queue has drained (every message handled by the worker): done. */
    private static JsonNode done(String key, String id) {
        assertThat(TestApi.server().importWorker().awaitDrained(DONE_WITHIN))
                .as("the import queue drained within " + DONE_WITHIN).isTrue();
        JsonNode state = state(key, id);
        assertThat(state.get("status").asText()).as(state.toString()).isEqualTo("done");
        return state;
    }

    /** Every customer of the hub, all pages. */
    private static List<JsonNode> customers(String key) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = call("GET", "/v1/customers?limit=200" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), key, null).json();
            page.get("items").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return all;
    }

    private static JsonNode byEmail(List<JsonNode> customers, String email) {
        return customers.stream().filter(c -> c.path("email").asText().equalsIgnoreCase(email)).findFirst()
                .orElseThrow(() -> new AssertionError("no customer " + email));
    }

    private static void assertCounts(JsonNode state, long total, long created, long updated, long failed) {
        assertThat(List.of(state.get("total").asLong(), state.get("processed").asLong(), state.get("created").asLong(),
                state.get("updated").asLong(), state.get("failed").asLong()))
                .as(state.toString()).containsExactly(total, total, created, updated, failed);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void csvOf500RowsWithInvalidRowsAndDuplicateEmailsEndsWithExactCountsAndTheRightCustomers() {
        String key = TestApi.newHub("Import 500");
        StringBuilder csv = new StringBuilder("\uFEFFEmail,First Name,Last Name,Tags,Marketing Consent,Type\r\n");
        for (int row = 2; row <= 501; row++) {
            switch (row) {
                case 100 -> csv.append("not-an-email,Bad,Email,,,\r\n");
                case 200 -> csv.append("row200@example.com,Bad,Type,,,shop\r\n");
                case 300 -> csv.append(",No,Contact,,,\r\n");
                // Same emails as rows 10 and 20, in another case: the later row wins where it has a value.
                case 400 -> csv.append("ROW10@example.com,Tenth,,\"late-tag\",no,\r\n");
                case 450 -> csv.append("row20@EXAMPLE.com,,Twentieth,,,company\r\n");
                default -> csv.append("row").append(row).append("@example.com,First ").append(row).append(",\"Last, ").append(row)
                        .append("\",imported|batch-1,yes,person\r\n");
            }
        }

        // The worker is held, and stepped one message (one chunk of rows) at a time: each state is the effect of what ran.
        LocalSqsEventSource worker = TestApi.server().importWorker();
        worker.hold();
        String id;
        JsonNode queued;
        JsonNode afterOneChunk;
        try {
            id = started(upload(key, "", CSV + "; charset=utf-8", utf8(csv.toString())));
            queued = state(key, id);
            assertThat(worker.deliverNext(1)).as("one chunk handed to the worker").isEqualTo(1);
            afterOneChunk = state(key, id);
        } finally {
            worker.release();
        }
        JsonNode done = done(key, id);

        // Progress is visible: queued with only the rows refused while planning counted, running once one chunk's
        // rows are counted too, with rows still to come, then done.
        assertThat(queued.get("status").asText()).isEqualTo("queued");
        assertThat(queued.get("processed").asLong()).as(queued.toString()).isEqualTo(queued.get("failed").asLong());
        assertThat(afterOneChunk.get("status").asText()).as(afterOneChunk.toString()).isEqualTo("running");
        assertThat(afterOneChunk.get("processed").asLong()).as("rows still to come")
                .isBetween(queued.get("processed").asLong() + 1, 499L);
        assertCounts(done, 500, 495, 2, 3);
        assertThat(done.get("errors").findValuesAsText("row")).containsExactly("100", "200", "300");
        assertThat(done.get("errors").findValuesAsText("message")).containsExactly(
                "email: is not a valid email address", "type: must be person or company",
                "email: an email or a phone is required");
        assertThat(done.get("errorsOmitted").asLong()).isZero();
        assertThat(done.get("finishedAt").asText()).isNotEmpty();

        List<JsonNode> customers = customers(key);
        assertThat(customers).hasSize(495);
        assertThat(customers.stream().map(c -> c.get("email").asText().toLowerCase(Locale.ROOT)).distinct()).hasSize(495);
        JsonNode tenth = byEmail(customers, "row10@example.com");
        assertThat(tenth.get("firstName").asText()).isEqualTo("Tenth");
        assertThat(tenth.get("lastName").asText()).as("kept from row 10").isEqualTo("Last, 10");
        assertThat(tenth.get("marketingConsent").asBoolean()).isFalse();
        assertThat(JSON.convertValue(tenth.get("tags"), List.class)).containsExactly("imported", "batch-1", "late-tag");
        JsonNode twentieth = byEmail(customers, "row20@example.com");
        assertThat(twentieth.get("firstName").asText()).isEqualTo("First 20");
        assertThat(twentieth.get("lastName").asText()).isEqualTo("Twentieth");
        assertThat(twentieth.get("type").asText()).isEqualTo("company");
        assertThat(byEmail(customers, "row501@example.com").get("status").asText()).isEqualTo("lead");
    }

    private static byte[] workbook(List<List<Object>> rows) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("Customers");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object value = rows.get(r).get(c);
                    if (value instanceof String text) {
                        row.createCell(c).setCellValue(text);
                    } else if (value instanceof Number number) {
                        row.createCell(c).setCellValue(number.doubleValue());
                    } else if (value instanceof Boolean flag) {
                        row.createCell(c).setCellValue(flag);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void xlsxImportCreatesTheCustomersOfItsFirstSheet() {
        String key = TestApi.newHub("Import XLSX");
        byte[] file = workbook(List.of(
                List.of("E-mail", "First Name", "Company", "Type", "Phone", "Tags", "Marketing Consent", "Notes"),
                List.of("ann@example.com", "Ann", "", "person", "", "vip|wholesale/restaurants", true, "likes cheese"),
                List.of("", "", "Dupont SARL", "company", 33612345678L, "b2b", false, ""),
                List.of("broken", "Bob", "", "", "", "", "", "")));

        String id = started(upload(key, "", XLSX, file));
        JsonNode done = done(key, id);

        assertCounts(done, 3, 2, 0, 1);
        assertThat(done.get("format").asText()).isEqualTo("xlsx");
        assertThat(done.get("errors").get(0).get("row").asInt()).isEqualTo(4);
        assertThat(JSON.convertValue(done.get("ignoredColumns"), List.class)).containsExactly("Notes");
        List<JsonNode> customers = customers(key);
        assertThat(customers).hasSize(2);
        JsonNode ann = byEmail(customers, "ann@example.com");
        assertThat(JSON.convertValue(ann.get("tags"), List.class)).containsExactly("vip", "wholesale/restaurants");
        assertThat(ann.get("marketingConsent").asBoolean()).isTrue();
        JsonNode dupont = customers.stream().filter(c -> c.path("companyName").asText().equals("Dupont SARL")).findFirst().orElseThrow();
        assertThat(dupont.get("phone").asText()).isEqualTo("33612345678");
        assertThat(dupont.get("type").asText()).isEqualTo("company");

        // The zip signature tells a workbook sent as application/octet-stream.
        String sniffed = started(upload(key, "?dryRun=true", "application/octet-stream", file));
        assertThat(call("GET", "/v1/imports/" + sniffed, key, null).json().get("format").asText()).isEqualTo("xlsx");
    }

    @Test
    void aDryRunAnswersTheCountsAtOnceAndWritesNoCustomer() {
        String key = TestApi.newHub("Import dry run");
        assertThat(call("POST", "/v1/customers", key, "{\"firstName\":\"Known\",\"email\":\"known@example.com\"}").status())
                .isEqualTo(201);
        List<JsonNode> before = customers(key);
        // Over the 1 MB limit of JSON bodies: files have their own limit.
        StringBuilder csv = new StringBuilder("email,firstName,lastName\n");
        int rows = 0;
        while (csv.length() < 1_500_000) {
            rows++;
            csv.append("dry").append(rows).append("@example.com,Dry,").append("x".repeat(50)).append('\n');
        }
        csv.append("KNOWN@example.com,Known again,\n").append("broken,X,\n");

        Answer answer = upload(key, "?dryRun=true", CSV, utf8(csv.toString()));
        String id = started(answer);

        JsonNode state = answer.json();
        assertThat(state.get("status").asText()).isEqualTo("done");
        assertThat(state.get("dryRun").asBoolean()).isTrue();
        assertCounts(state, rows + 2, rows, 1, 1);
        assertThat(call("GET", "/v1/imports/" + id, key, null).json()).isEqualTo(state);
        assertThat(TestApi.server().importWorker().awaitDrained(DONE_WITHIN)).as("nothing left for the worker").isTrue();
        assertThat(customers(key)).isEqualTo(before);
    }

    @Test
    void anImportUpdatesTheCustomersItsEmailsMatch() {
        String key = TestApi.newHub("Import updates");
        TestApi.Response created = call("POST", "/v1/customers", key,
                "{\"firstName\":\"Élodie\",\"email\":\"Elodie@Example.com\",\"tags\":[\"vip\"],\"marketingConsent\":true}");
        assertThat(created.status()).isEqualTo(201);
        String customerId = created.json().get("id").asText();

        String id = started(upload(key, "", CSV, utf8("email,lastName,tags,phone\n"
                + "elodie@example.com,Martin,wholesale/restaurants,+33 6 11 22 33 44\n"
                + "new@example.com,Newcomer,,\n")));
        JsonNode done = done(key, id);

        assertCounts(done, 2, 1, 1, 0);
        JsonNode elodie = call("GET", "/v1/customers/" + customerId, key, null).json();
        assertThat(elodie.get("firstName").asText()).isEqualTo("Élodie");
        assertThat(elodie.get("lastName").asText()).isEqualTo("Martin");
        assertThat(elodie.get("email").asText()).isEqualTo("Elodie@Example.com");
        assertThat(elodie.get("phone").asText()).isEqualTo("+33 6 11 22 33 44");
        assertThat(elodie.get("marketingConsent").asBoolean()).isTrue();
        assertThat(JSON.convertValue(elodie.get("tags"), List.class)).containsExactly("vip", "wholesale/restaurants");
        assertThat(customers(key)).hasSize(2);
    }

    @Test
    void twoImportsOfTheSameFileAtOnceCreateNoDuplicate() throws Exception {
        String key = TestApi.newHub("Import twice");
        byte[] file = utf8(TestFiles.csv(300));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(pool.submit((Callable<Answer>) () -> {
                start.await();
                return upload(key, "", CSV, file);
            }));
        }
        start.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<Answer> answer : answers) {
            ids.add(started(answer.get()));
        }
        pool.shutdown();

        List<JsonNode> done = ids.stream().map(id -> done(key, id)).toList();

        for (JsonNode state : done) {
            assertThat(state.get("processed").asLong()).isEqualTo(300);
            assertThat(state.get("failed").asLong()).isZero();
            assertThat(state.get("created").asLong() + state.get("updated").asLong()).isEqualTo(300);
        }
        assertThat(done.get(0).get("created").asLong() + done.get(1).get("created").asLong()).isEqualTo(300);
        List<JsonNode> customers = customers(key);
        assertThat(customers).hasSize(300);
        Set<String> emails = new TreeSet<>();
        customers.forEach(c -> emails.add(c.get("email").asText()));
        assertThat(emails).hasSize(300);
    }

    @Test
    void aWrongContentTypeIs415AndChangesNothing() {
        String key = TestApi.newHub("Import 415");
        Answer json = upload(key, "", "application/json", utf8("{\"email\":\"a@example.com\",\"firstName\":\"A\"}"));
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(json.json().get("detail").asText()).contains("text/csv").contains(XLSX);

        Answer legacyXls = upload(key, "", "application/vnd.ms-excel",
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0});
        assertThat(legacyXls.status()).isEqualTo(415);
        assertThat(legacyXls.json().get("detail").asText()).contains(".xlsx");

        assertThat(upload(key, "", null, utf8("email\na@example.com\n")).status()).isEqualTo(415);
        assertThat(customers(key)).isEmpty();
    }

    @Test
    void emptyHeaderlessAndUnreadableFilesAre422NamingTheProblem() {
        String key = TestApi.newHub("Import 422");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("is empty", new byte[0]);
        files.put("has a header row but no customer rows", utf8("email,firstName\r\n"));
        files.put("no column of the header row (row 1) is recognised", utf8("ann@example.com,Ann\nbob@example.com,Bob\n"));
        files.put("no email or phone column", utf8("firstName,lastName\nAnn,Martin\n"));
        files.put("is not valid CSV", utf8("email,firstName\na@example.com,\"Ann\n"));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Answer answer = upload(key, "", CSV, file.getValue());
            assertThat(answer.status()).as(file.getKey() + ": " + answer.body()).isEqualTo(422);
            assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("file");
            assertThat(answer.json().get("errors").get(0).get("message").asText()).contains(file.getKey());
        }
        Answer notAWorkbook = upload(key, "", XLSX, utf8("email\na@example.com\n"));
        assertThat(notAWorkbook.status()).isEqualTo(422);
        assertThat(notAWorkbook.json().get("errors").get(0).get("message").asText()).contains("XLSX");
        assertThat(upload(key, "?dryRun=maybe", CSV, utf8("email\na@example.com\n")).status()).isEqualTo(422);
        assertThat(upload(key, "?dryrun=true", CSV, utf8("email\na@example.com\n")).status()).isEqualTo(422);
        assertThat(customers(key)).isEmpty();
    }

    @Test
    void aFileOverWhatOneLambdaInvocationTakesIsRefusedWithTheUploadRouteNamedAndChangesNothing() {
        String key = TestApi.newHub("Import 413");
        byte[] big = new byte[ImportService.MAX_FILE_BYTES + 1];
        byte[] header = utf8("email,firstName\n");
        System.arraycopy(header, 0, big, 0, header.length);
        for (int i = header.length; i < big.length; i++) {
            big[i] = (byte) (i % 40 == 0 ? '\n' : 'a');
        }

        Answer answer = upload(key, "", CSV, big);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("detail").asText()).contains("4.5 MB", "POST /v1/imports/uploads");
        assertThat(customers(key)).isEmpty();
    }

    private static int put(String url, String contentType, byte[] file) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFileOverTheBodyLimitImportsThroughAnUploadUrl() {
        String key = TestApi.newHub("Import upload");
        StringBuilder csv = new StringBuilder("email,firstName,notes\n");
        String padding = "x".repeat(8000);
        for (int row = 1; csv.length() <= ImportService.MAX_FILE_BYTES; row++) {
            csv.append("big").append(row).append("@example.com,Big ").append(row).append(',').append(padding).append('\n');
        }
        byte[] file = utf8(csv.toString());
        long rows = csv.chars().filter(c -> c == '\n').count() - 1;

        for (String undeclared : new String[] {null, "{}", "{\"size\":0}", "{\"size\":" + (ImportUploads.MAX_UPLOAD_BYTES + 1) + "}"}) {
            TestApi.Response refused = call("POST", "/v1/imports/uploads", key, undeclared);
            assertThat(refused.status()).as(undeclared).isEqualTo(422);
            assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly("size");
        }
        TestApi.Response created = call("POST", "/v1/imports/uploads", key, "{\"size\":" + file.length + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String uploadId = created.json().get("id").asText();
        String url = created.json().get("uploadUrl").asText();
        assertThat(created.json().get("method").asText()).isEqualTo("PUT");
        assertThat(created.json().get("size").asLong()).isEqualTo(file.length);
        assertThat(created.json().get("maxBytes").asLong()).isGreaterThan(file.length);

        // before the file is there, with a URL someone changed, or with a file of another size, nothing happens
        assertThat(upload(key, "?uploadId=" + uploadId, null, new byte[0]).status()).isEqualTo(404);
        assertThat(put(url.replace("signature=", "signature=0"), CSV, file)).isEqualTo(403);
        assertThat(put(url.replace("&size=" + file.length, "&size=" + (file.length + 1)), CSV, utf8(csv + "x"))).isEqualTo(403);
        assertThat(put(url, CSV, utf8(csv + "more,rows,than declared\n"))).isEqualTo(403);
        assertThat(upload(key, "?uploadId=" + uploadId, null, new byte[0]).status()).isEqualTo(404);
        assertThat(put(url, CSV, file)).isEqualTo(200);
        // another hub cannot use it
        assertThat(upload(TestApi.newHub("Import upload thief"), "?uploadId=" + uploadId, null, new byte[0]).status())
                .isEqualTo(404);
        // a body and an upload at once is ambiguous
        assertThat(upload(key, "?uploadId=" + uploadId, CSV, utf8("email,firstName\na@example.com,A\n")).status())
                .isEqualTo(422);

        String dryRun = started(upload(key, "?dryRun=true&uploadId=" + uploadId, null, new byte[0]));
        assertThat(done(key, dryRun).get("created").asLong()).isEqualTo(rows);
        String id = started(upload(key, "?uploadId=" + uploadId, null, new byte[0]));
        JsonNode done = done(key, id);

        assertCounts(done, rows, rows, 0, 0);
        assertThat(customers(key)).hasSize((int) rows);
        // the upload is used up by the import
        assertThat(upload(key, "?uploadId=" + uploadId, null, new byte[0]).status()).isEqualTo(404);
    }

    @Test
    void anIdempotencyKeyReplaysTheStartedImportInsteadOfStartingAnother() {
        String key = TestApi.newHub("Import replay");
        byte[] file = utf8("phone,firstName\n+33 6 00 00 00 01,Phone only\n");

        Answer first = upload(key, "", CSV, file, "Idempotency-Key", "import-1");
        Answer again = upload(key, "", CSV, file, "Idempotency-Key", "import-1");
        Answer otherFile = upload(key, "", CSV, utf8("phone,firstName\n+33 6 00 00 00 02,Other\n"), "Idempotency-Key", "import-1");

        assertThat(again.json().get("id").asText()).isEqualTo(started(first));
        assertThat(again.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(otherFile.status()).isEqualTo(422);
        done(key, first.json().get("id").asText());
        assertThat(customers(key)).as("a phone-only row has nothing to match: one import, one customer").hasSize(1);
    }

    @Test
    void anotherHubsImportIsNotFound() {
        String keyA = TestApi.newHub("Import tenant A");
        String keyB = TestApi.newHub("Import tenant B");
        String id = started(upload(keyA, "?dryRun=true", CSV, utf8("email,firstName\nsecret@tenant-a.example,Secret\n")));

        TestApi.Response fromB = call("GET", "/v1/imports/" + id, keyB, null);
        assertThat(fromB.status()).isEqualTo(404);
        assertThat(fromB.body()).doesNotContain("secret@tenant-a.example");
        assertThat(call("GET", "/v1/imports/imp_00000000000000000000000000", keyA, null).status()).isEqualTo(404);
        assertThat(call("GET", "/v1/imports/not-an-id", keyA, null).status()).isEqualTo(404);
    }

    /** Test files. */
    private static final class TestFiles {
        static String csv(int rows) {
            StringBuilder csv = new StringBuilder("email,firstName,tags\n");
            for (int i = 1; i <= rows; i++) {
                csv.append("twice").append(i).append("@example.com,Twice ").append(i).append(",same-file\n");
            }
            return csv.toString();
        }
    }
}
