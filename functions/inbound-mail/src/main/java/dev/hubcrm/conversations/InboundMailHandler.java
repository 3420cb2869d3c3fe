package dev.hubcrm.conversations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * inbound-mail: the SES receipt rule's Lambda action (ADR 28). A failure other than a refused mail is
 * thrown, so Lambda tries the event again (delivery is once per Message-ID) before its failure queue.
 */
public final class InboundMailHandler implements RequestStreamHandler {
    private final SesReceipts receipts;

    public InboundMailHandler() {
        this(AppContext.fromEnvironment());
    }

    public InboundMailHandler(AppContext app) {
        this.receipts = new SesReceipts(app.inboundMail(), app.rawMail());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        Json.MAPPER.writeValue(output, PowertoolsLogging.withLogging(context, () -> receipts.receive(event)));
    }
}
