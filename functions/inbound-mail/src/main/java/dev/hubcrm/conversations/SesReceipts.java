package dev.hubcrm.conversations;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.http.Json;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SES receipt rule's event (ADR 28), read with Jackson (aws-lambda-java-events has no type for it):
 * each record names a mail the rule's S3 action stored and the envelope recipients; the mail goes to
 * each hub among them. A mail SES found a virus in, or one too large or odd to read, is refused with a
 * log line; any other failure is thrown, so Lambda tries the event again.
 */
final class SesReceipts {
    private static final Logger LOG = LoggerFactory.getLogger(SesReceipts.class);

    private final InboundMailService inbound;
    private final RawMailStore rawMail;

    SesReceipts(InboundMailService inbound, RawMailStore rawMail) {
        this.inbound = inbound;
        this.rawMail = rawMail;
    }

    /** What became of each mail: {@code {mails: [{sesMessageId, deliveries: [{hubId, outcome, id}] | refused}]}}. */
    ObjectNode receive(JsonNode event) {
        ObjectNode result = Json.object();
        ArrayNode mails = result.putArray("mails");
        for (JsonNode record : event.path("Records")) {
            JsonNode ses = record.path("ses");
            String sesMessageId = ses.path("mail").path("messageId").asText();
            ObjectNode mail = mails.addObject().put("sesMessageId", sesMessageId);
            if ("FAIL".equals(ses.path("receipt").path("virusVerdict").path("status").asText())) {
                mail.put("refused", "SES found a virus");
            } else {
                deliver(sesMessageId, recipients(ses), mail);
            }
            LOG.info("inbound mail", entry("sesMessageId", sesMessageId), entry("result", mail.toString()));
        }
        return result;
    }

    private static List<String> recipients(JsonNode ses) {
        List<String> recipients = new ArrayList<>();
        ses.path("receipt").path("recipients").forEach(recipient -> recipients.add(recipient.asText()));
        return recipients;
    }

    private void deliver(String sesMessageId, List<String> recipients, ObjectNode mail) {
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
}
