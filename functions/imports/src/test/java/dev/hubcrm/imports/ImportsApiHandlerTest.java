package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.http.Json;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The imports API handler with HTTP API v2 events as API Gateway delivers uploads: text as is, binary base64. */
class ImportsApiHandlerTest {
    private static Emulators emulators;
    private static ImportsApiHandler handler;

    private Emulators.Hub hub;

    @BeforeAll
    static void start() {
        emulators = new Emulators();
        handler = new ImportsApiHandler(emulators.app);
    }

    @AfterAll
    static void stop() {
        emulators.close();
    }

    @BeforeEach
    void newHub() {
        hub = emulators.newHub();
        drainQueue();
    }

    private APIGatewayV2HTTPResponse post(String contentType, byte[] file, boolean base64, String query) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + hub.key());
        headers.put("content-type", contentType);
        headers.put("content-length", Integer.toString(file.length));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("POST /v1/imports")
                .withRawPath("/v1/imports").withRawQueryString(query).withHeaders(headers)
                .withBody(base64 ? Base64.getEncoder().encodeToString(file) : new String(file, StandardCharsets.UTF_8))
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("test").withRouteKey("POST /v1/imports")
                        .build())
                .build();
        return handler.handleRequest(event, new InvocationContext("imports-api", 2048));
    }

    private APIGatewayV2HTTPResponse get(String id) {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey("GET /v1/imports/{id}")
                .withRawPath("/v1/imports/" + id).withRawQueryString("").withPathParameters(Map.of("id", id))
                .withHeaders(Map.of("authorization", "Bearer " + hub.key()))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("test").build())
                .build();
        return handler.handleRequest(event, new InvocationContext("imports-api", 2048));
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    private static List<ImportChunk> drainQueue() {
        List<ImportChunk> chunks = new ArrayList<>();
        while (true) {
            List<Message> messages = emulators.app.sqs().receiveMessage(r -> r.queueUrl(emulators.queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return chunks;
            }
            for (Message message : messages) {
                chunks.add(ImportJson.chunk(message.body()));
                emulators.app.sqs().deleteMessage(r -> r.queueUrl(emulators.queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    @Test
    void aBase64WorkbookIsQueuedInChunksAndItsProgressReadable() throws IOException {
        byte[] workbook;
        try (SXSSFWorkbook xlsx = new SXSSFWorkbook()) {
            var sheet = xlsx.createSheet();
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("Email");
            header.createCell(1).setCellValue("First Name");
            for (int i = 1; i <= 250; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue("p" + i + "@example.com");
                row.createCell(1).setCellValue("P" + i);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            xlsx.write(out);
            workbook = out.toByteArray();
        }

        APIGatewayV2HTTPResponse response = post(ImportFormat.XLSX_MEDIA_TYPE, workbook, true, "");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        JsonNode started = json(response);
        String id = started.get("id").asText();
        assertThat(response.getHeaders()).containsEntry("Location", "/v1/imports/" + id);
        assertThat(started.get("status").asText()).isEqualTo("queued");
        assertThat(started.get("total").asInt()).isEqualTo(250);
        List<ImportChunk> chunks = drainQueue();
        assertThat(chunks).extracting(ImportChunk::number).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.importId()).isEqualTo(id);
            assertThat(chunk.hubId()).isEqualTo(hub.id());
        });
        assertThat(chunks.stream().mapToInt(ImportChunk::rows).sum()).isEqualTo(250);

        APIGatewayV2HTTPResponse progress = get(id);
        assertThat(progress.getStatusCode()).isEqualTo(200);
        assertThat(json(progress)).isEqualTo(started);
    }

    @Test
    void aTextBodyOverTheOneMegabyteJsonLimitIsAFileLikeAnyOther() {
        StringBuilder csv = new StringBuilder("email,firstName,lastName\n");
        int rows = 0;
        while (csv.length() < 2_000_000) {
            csv.append("r").append(++rows).append("@example.com,R,").append("x".repeat(60)).append('\n');
        }

        APIGatewayV2HTTPResponse response = post("text/csv; charset=utf-8", csv.toString().getBytes(StandardCharsets.UTF_8), false,
                "dryRun=true");

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        assertThat(json(response).get("created").asInt()).isEqualTo(rows);
        assertThat(drainQueue()).as("a dry run queues nothing").isEmpty();
    }

    @Test
    void refusedUploadsAreProblemsThatQueueNothing() {
        APIGatewayV2HTTPResponse json = post("application/json", "{\"email\":\"a@example.com\"}".getBytes(StandardCharsets.UTF_8),
                false, "");
        assertThat(json.getStatusCode()).isEqualTo(415);
        assertThat(json.getHeaders()).containsEntry("Content-Type", "application/problem+json");

        byte[] tooLarge = new byte[ImportService.MAX_FILE_BYTES + 1];
        APIGatewayV2HTTPResponse large = post("text/csv", tooLarge, true, "");
        assertThat(large.getStatusCode()).isEqualTo(413);
        assertThat(json(large).get("detail").asText()).contains("4.5 MB (4500000 bytes)", "POST /v1/imports/uploads");

        APIGatewayV2HTTPResponse empty = post("text/csv", new byte[0], false, "");
        assertThat(empty.getStatusCode()).isEqualTo(422);
        assertThat(json(empty).get("errors").get(0).get("field").asText()).isEqualTo("file");

        assertThat(post("text/csv", "email\na@example.com\n".getBytes(StandardCharsets.UTF_8), false, "limit=3").getStatusCode())
                .isEqualTo(422);
        assertThat(drainQueue()).isEmpty();
    }

    @Test
    void unknownImportsAreNotFound() {
        assertThat(get("imp_00000000000000000000000000").getStatusCode()).isEqualTo(404);
        assertThat(get("cus_00000000000000000000000000").getStatusCode()).isEqualTo(404);
    }
}
