package dev.hubcrm.conversations;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Operation;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.HashMap;
import java.util.Map;

/** notes-api: notes on customers with their history, the hub's notes (open reminders, search), and channels. */
public final class NotesApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiPipeline api;

    public NotesApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public NotesApiHandler(AppContext app) {
        NoteService notes = app.notes();
        Map<String, Operation> operations = new HashMap<>(ChannelOperations.of(app.channels()));
        operations.putAll(Map.of(
                "POST /v1/customers/{id}/notes", request -> {
                    Note created = notes.create(request.hubId(), request.pathParameter("id"), NoteJson.create(request.json()));
                    return Reply.created(NoteJson.toJson(created), notePath(created)).withHeader("ETag", NoteJson.etag(created));
                },
                "GET /v1/customers/{id}/notes", request -> Reply.ok(NoteJson.page(notes.list(request.hubId(),
                        request.pathParameter("id"), NoteJson.kindFilter(request), request.page()))),
                "GET /v1/customers/{id}/notes/{noteId}", request ->
                        withEtag(notes.get(request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"))),
                "PATCH /v1/customers/{id}/notes/{noteId}", request -> {
                    NoteJson.Patch patch = NoteJson.patch(request.json());
                    return withEtag(notes.update(request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"),
                            patch.change(), patch.editedBy(), request.ifMatch()));
                },
                "DELETE /v1/customers/{id}/notes/{noteId}", request -> {
                    notes.delete(request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"),
                            NoteJson.deletedBy(request), request.ifMatch());
                    return Reply.noContent();
                },
                "GET /v1/customers/{id}/notes/{noteId}/history", request -> Reply.ok(NoteJson.history(notes.history(
                        request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"), request.page()))),
                "GET /v1/notes", request -> {
                    NoteJson.HubNotesQuery query = NoteJson.hubNotesQuery(request);
                    return Reply.ok(query.search() != null ? NoteJson.hits(notes.search(request.hubId(), query.search(), request.page()))
                            : NoteJson.page(notes.openReminders(request.hubId(), query.due(), request.page())));
                }));
        api = app.pipeline(LambdaFunction.NOTES_API, operations);
    }

    private static String notePath(Note note) {
        return "/v1/customers/" + note.customerId() + "/notes/" + note.id();
    }

    private static Reply withEtag(Note note) {
        return Reply.ok(NoteJson.toJson(note)).withHeader("ETag", NoteJson.etag(note));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
