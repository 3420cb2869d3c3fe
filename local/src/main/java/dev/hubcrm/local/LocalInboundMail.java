package dev.hubcrm.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.InboundMailHandler;
import dev.hubcrm.conversations.InboundMailParser;
import dev.hubcrm.conversations.RawMailStore;
import dev.hubcrm.http.Json;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.testkit.lambda.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /_local/inbound-mail}: one raw RFC 5322 mail, received as SES receiving would: kept
 * where the receipt rule's S3 action would put it, then the inbound-mail function gets the receipt
 * rule's event for it, its recipients the mail's To and Cc (locally there is no envelope). Answers
 * what the function answered: each hub's note or inbox mail (local mode only).
 */
final class LocalInboundMail implements HttpHandler, RawMailStore {
    static final String PATH = "/_local/inbound-mail";
    /** Mails kept by SES message id: a day's local testing at most, so never evicted. */
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    private final InboundMailHandler handler;

    LocalInboundMail(AppContext app) {
        this.handler = new InboundMailHandler(app.withRawMailStore(this));
    }

    @Override
    public byte[] read(String sesMessageId, int maxBytes) {
        byte[] raw = stored.get(sesMessageId);
        return raw.length > maxBytes + 1 ? Arrays.copyOf(raw, maxBytes + 1) : raw;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                LocalProblem.write(exchange, 404, "no local helper at this path; inbound mail is POST " + PATH);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                LocalProblem.methodNotAllowed(exchange, "POST", "send one raw RFC 5322 mail with POST");
                return;
            }
            // SES receiving takes mail up to 40 MB: past the function's own limit, so it refuses, not this helper.
            byte[] raw = exchange.getRequestBody().readNBytes(InboundMailParser.MAX_RAW_BYTES + 1);
            String sesMessageId = UUID.randomUUID().toString();
            stored.put(sesMessageId, raw);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            LambdaFunction function = LambdaFunction.INBOUND_MAIL;
            handler.handleRequest(new ByteArrayInputStream(sesEvent(sesMessageId, recipients(raw)).toString().getBytes(StandardCharsets.UTF_8)), answer,
                    new InvocationContext(function.module(), function.memoryMb()));
            LocalApi.write(exchange, 200, Map.of("Content-Type", "application/json"), answer.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            e.printStackTrace();
            LocalProblem.write(exchange, 500, "the inbound-mail function failed: see the server's output");
        }
    }

    private static List<String> recipients(byte[] raw) {
        try {
            return InboundMailParser.parse(raw).recipients();
        } catch (InboundMailParser.UnreadableMailException e) {
            return List.of();
        }
    }

    /** The event of the receipt rule's Lambda action, with what the function reads of it. */
    private static ObjectNode sesEvent(String sesMessageId, List<String> recipients) {
        ObjectNode event = Json.object();
        ObjectNode ses = event.putArray("Records").addObject().put("eventSource", "aws:ses").put("eventVersion", "1.0").putObject("ses");
        ses.putObject("mail").put("messageId", sesMessageId);
        ObjectNode receipt = ses.putObject("receipt");
        recipients.forEach(receipt.putArray("recipients")::add);
        receipt.putObject("virusVerdict").put("status", "PASS");
        return event;
    }
}
