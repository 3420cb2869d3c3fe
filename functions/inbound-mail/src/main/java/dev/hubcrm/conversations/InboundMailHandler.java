package dev.hubcrm.conversations;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * inbound-mail: the SES receipt rule's Lambda action (ADR 28). Each record names a mail the rule's
 * S3 action stored and the envelope recipients; the mail goes to each hub among them. A mail SES
 * found a virus in, or one too large or odd to read, is dropped with a log line; any other failure
 * is thrown, so Lambda tries the event again (delivery is once per Message-ID) before its failure queue.
 * The event is read with Jackson: aws-lambda-java-events has no type for SES receipts.
 */
public final class InboundMailHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InboundMailHandler.class);

    private final InboundMailService inbound;
    private final RawMailStore rawMail;

    public InboundMailHandler() {
        this(AppContext.fromEnvironment());
    }

    public InboundMailHandler(AppContext app) {
        this.inbound = app.inboundMail();
        this.rawMail = app.rawMail();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        Json.MAPPER.writeValue(output, PowertoolsLogging.withLogging(context, () -> receive(event)));
    }

    /** What became of each mail: {@code {mails: [{sesMessageId, deliveries: [{hubId, outcome, id}] | refused}]}}. */
    private ObjectNode receive(JsonNode event) {
        ObjectNode result = Json.object();
        ArrayNode mails = result.putArray("mails");
        for (JsonNode record : event.path("Records")) {
            JsonNode ses = record.path("ses");
            String sesMessageId = ses.path("mail").path("messageId").asText();
            ObjectNode mail = mails.addObject().put("sesMessageId", sesMessageId);
            if ("FAIL".equals(ses.path("receipt").path("virusVerdict").path("status").asText())) {
                mail.put("refused", "SES found a virus");
            } else {
                List<String> recipients = new ArrayList<>();
                ses.path("receipt").path("recipients").forEach(recipient -> recipients.add(recipient.asText()));
                try {
                    ArrayNode deliveries = mail.putArray("deliveries");
                    inbound.receive(rawMail.read(sesMessageId, InboundMailParser.MAX_RAW_BYTES), recipients).forEach(delivery ->
                            deliveries.addObject().put("hubId", delivery.hubId()).put("outcome", delivery.outcome().wire())
                                    .put("id", delivery.id()));
                } catch (InboundMailParser.UnreadableMailException e) {
                    mail.remove("deliveries");
                    mail.put("refused", e.getMessage());
                }
            }
            LOG.info("inbound mail", entry("sesMessageId", sesMessageId), entry("result", mail.toString()));
        }
        return result;
    }
}
