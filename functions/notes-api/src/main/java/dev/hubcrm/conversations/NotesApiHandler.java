package dev.hubcrm.conversations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Operation;
import dev.hubcrm.routes.LambdaFunction;
import java.util.HashMap;
import java.util.Map;

/** notes-api: notes on customers with their history, the hub's notes (open reminders, search), channels, and the inbox of mail. */
public final class NotesApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiPipeline api;

    public NotesApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public NotesApiHandler(AppContext app) {
        Map<String, Operation> operations = new HashMap<>(ChannelOperations.of(app.channels()));
        operations.putAll(NoteOperations.of(app.notes(), app.inboundMail()));
        api = app.pipeline(LambdaFunction.NOTES_API, operations);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
