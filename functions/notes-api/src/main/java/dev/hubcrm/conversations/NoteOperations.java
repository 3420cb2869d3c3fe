package dev.hubcrm.conversations;

import static java.util.Map.entry;

import dev.hubcrm.http.Operation;
import dev.hubcrm.http.Reply;
import java.util.Map;

/** The note and inbox routes of notes-api: parse, call the notes or the inbound mail, answer. */
final class NoteOperations {
    private NoteOperations() {
    }

    static Map<String, Operation> of(NoteService notes, InboundMailService inbound) {
        return Map.ofEntries(
                entry("POST /v1/customers/{id}/notes", request -> {
                    Note created = notes.create(request.hubId(), request.pathParameter("id"), NoteJson.create(request.json()));
                    return Reply.created(NoteJson.toJson(created), notePath(created)).withHeader("ETag", NoteJson.etag(created));
                }),
                entry("GET /v1/customers/{id}/notes", request -> Reply.ok(NoteJson.page(notes.list(request.hubId(),
                        request.pathParameter("id"), NoteJson.kindFilter(request), request.page())))),
                entry("GET /v1/customers/{id}/notes/{noteId}", request ->
                        withEtag(notes.get(request.hubId(), request.pathParameter("id"), request.pathParameter("noteId")))),
                entry("PATCH /v1/customers/{id}/notes/{noteId}", request -> {
                    NoteJson.Patch patch = NoteJson.patch(request.json());
                    return withEtag(notes.update(request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"),
                            patch.change(), patch.editedBy(), request.ifMatch()));
                }),
                entry("DELETE /v1/customers/{id}/notes/{noteId}", request -> {
                    notes.delete(request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"),
                            NoteJson.deletedBy(request, "a note delete"), request.ifMatch());
                    return Reply.noContent();
                }),
                entry("GET /v1/customers/{id}/notes/{noteId}/history", request -> Reply.ok(NoteJson.history(notes.history(
                        request.hubId(), request.pathParameter("id"), request.pathParameter("noteId"), request.page())))),
                entry("GET /v1/notes", request -> {
                    NoteJson.HubNotesQuery query = NoteJson.hubNotesQuery(request);
                    return Reply.ok(query.search() != null ? NoteJson.hits(notes.search(request.hubId(), query.search(), request.page()))
                            : NoteJson.page(notes.openReminders(request.hubId(), query.due(), request.page())));
                }),
                entry("GET /v1/inbox", request -> Reply.ok(InboxJson.page(request, inbound))),
                entry("POST /v1/inbox/{id}/assign", request -> withEtag(inbound.assign(request.hubId(), request.pathParameter("id"),
                        InboxJson.assignTo(request.json())))));
    }

    private static String notePath(Note note) {
        return "/v1/customers/" + note.customerId() + "/notes/" + note.id();
    }

    private static Reply withEtag(Note note) {
        return Reply.ok(NoteJson.toJson(note)).withHeader("ETag", NoteJson.etag(note));
    }
}
