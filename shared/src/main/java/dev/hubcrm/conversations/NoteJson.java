package dev.hubcrm.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.ApiRequest;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The JSON shape of notes in the API (adapter between HTTP bodies and the domain). */
public final class NoteJson {
    private static final Set<String> CREATE_FIELDS = Set.of("kind", "body", "author", "dueAt");
    /** A patch may also mark a reminder done and say who edits ({@code editedBy}, kept in the history). */
    private static final Set<String> PATCH_FIELDS = Set.of("kind", "body", "author", "dueAt", "done", "editedBy");

    private NoteJson() {
    }

    /** The body of {@code POST .../notes}. */
    public static NoteDraft create(JsonNode body) {
        JsonInput input = input(body, CREATE_FIELDS);
        NoteDraft draft = new NoteDraft(kind(input), input.string("body"), input.string("author"), input.instant("dueAt"), false);
        input.validate();
        return draft;
    }

    /** A JSON merge patch of a note: fields it names replace the note's, {@code null} removes author or dueAt. */
    public record Patch(UnaryOperator<NoteDraft> change, String editedBy) {
    }

    public static Patch patch(JsonNode body) {
        JsonInput input = input(body, PATCH_FIELDS);
        NoteKind kind = kind(input);
        String text = input.string("body");
        String author = input.string("author");
        Instant dueAt = input.instant("dueAt");
        boolean done = input.bool("done", false);
        String editedBy = input.string("editedBy");
        input.validate();
        NoteService.requireTeamMember("editedBy", editedBy);
        if (body.has("kind") && kind == null) {
            throw ValidationException.of("kind", "cannot be removed; one of " + NoteKind.WIRE_VALUES);
        }
        if (body.has("body") && text == null) {
            throw ValidationException.of("body", "cannot be removed; delete the note instead");
        }
        return new Patch(current -> new NoteDraft(
                body.has("kind") ? kind : current.kind(),
                body.has("body") ? text : current.body(),
                body.has("author") ? author : current.author(),
                body.has("dueAt") ? dueAt : current.dueAt(),
                body.has("done") ? done : current.done()), editedBy);
    }

    /** Checks the body's size first: before any other field is read. */
    private static JsonInput input(JsonNode body, Set<String> allowed) {
        if (body.path("body").isTextual()) {
            NoteService.requireBodySize(body.path("body").textValue());
        }
        return JsonInput.of(body, allowed);
    }

    private static NoteKind kind(JsonInput input) {
        return input.choice("kind", NoteKind::fromWire, NoteKind.WIRE_VALUES);
    }

    /** {@code ?kind=} of a customer's notes (null: every kind), besides the page. */
    public static NoteKind kindFilter(ApiRequest request) {
        request.requireOnlyParameters(Set.of("kind", "limit", "cursor"), "the notes list");
        String kind = request.queryParameter("kind").orElse(null);
        if (kind != null && NoteKind.fromWire(kind) == null) {
            throw ValidationException.of("kind", "must be one of " + NoteKind.WIRE_VALUES);
        }
        return kind == null ? null : NoteKind.fromWire(kind);
    }

    /**
     * What {@code GET /v1/notes} asks: a search ({@code q}) or the open reminders ({@code due}, null
     * for all of them), not both.
     */
    public record HubNotesQuery(String search, DueWindow due) {
    }

    public static HubNotesQuery hubNotesQuery(ApiRequest request) {
        request.requireOnlyParameters(Set.of("q", "due", "limit", "cursor"), "the hub's notes");
        String due = request.queryParameter("due").orElse(null);
        String search = request.queryParameter("q").orElse(null);
        if (due != null && DueWindow.fromWire(due) == null) {
            throw ValidationException.of("due", "must be one of " + DueWindow.WIRE_VALUES);
        }
        if (due != null && search != null) {
            throw ValidationException.of("q", "searches every note; give either q or due");
        }
        return new HubNotesQuery(search, due == null ? null : DueWindow.fromWire(due));
    }

    /** {@code ?deletedBy=} of a delete: who on the hub's team deletes the note (or the post: {@code what}), kept in its history. */
    public static String deletedBy(ApiRequest request, String what) {
        request.requireOnlyParameters(Set.of("deletedBy"), what);
        String deletedBy = request.queryParameter("deletedBy").orElse(null);
        NoteService.requireTeamMember("deletedBy", deletedBy);
        return deletedBy;
    }

    public static ObjectNode toJson(Note note) {
        ObjectNode json = Json.object().put("id", note.id()).put("customerId", note.customerId());
        putContent(json, note);
        return json.put("createdAt", note.createdAt().toString()).put("updatedAt", note.updatedAt().toString());
    }

    /** What an edit can change: kind, body, author, and a reminder's dueAt and done. */
    private static void putContent(ObjectNode json, Note note) {
        json.put("kind", note.kind().wire()).put("body", note.body());
        Json.putIfPresent(json, "author", note.author());
        if (note.kind() == NoteKind.REMINDER) {
            json.put("dueAt", note.dueAt().toString()).put("done", note.done());
        }
        if (note.mail() != null) {
            json.set("mail", mailJson(note.mail()));
        }
    }

    /** Where a mail came from, as email notes and the inbox show it. */
    public static ObjectNode mailJson(MailOrigin mail) {
        ObjectNode json = Json.object();
        Json.putIfPresent(json, "from", mail.from());
        Json.putIfPresent(json, "fromName", mail.fromName());
        Json.putIfPresent(json, "subject", mail.subject());
        return json.put("messageId", mail.messageId()).put("truncated", mail.truncated());
    }

    public static ObjectNode toJson(NoteRevision revision) {
        ObjectNode json = Json.object().put("action", revision.action().wire());
        Json.putIfPresent(json, "by", revision.by());
        json.put("at", revision.at().toString());
        putContent(json.putObject("previous"), revision.previous());
        return json;
    }

    public static String etag(Note note) {
        return "\"" + note.version() + "\"";
    }

    public static ObjectNode page(Page<Note> page) {
        return Json.page(page, NoteJson::toJson);
    }

    /**
     * A search hit as its index entry shows it: {@code id, kind, createdAt, snippet}, a mail's
     * {@code from, fromName, subject}, and where it is: {@code customer {id, name}}, {@code channel
     * {id, name}} or {@code inbox: true}.
     */
    public static ObjectNode hits(Page<NoteService.Hit> page) {
        return Json.page(page, hit -> {
            NoteSearchIndex.Shown shown = hit.shown();
            ObjectNode json = Json.object().put("id", hit.ref().itemId()).put("kind", shown.kind())
                    .put("createdAt", shown.createdAt().toString()).put("snippet", shown.snippet());
            if (shown.mail() != null) {
                ObjectNode mail = json.putObject("mail");
                Json.putIfPresent(mail, "from", shown.mail().from());
                Json.putIfPresent(mail, "fromName", shown.mail().fromName());
                Json.putIfPresent(mail, "subject", shown.mail().subject());
            }
            if (hit.customer() != null) {
                return withCustomer(json, hit.customer().id(), hit.customer().displayName());
            }
            if (hit.channel() != null) {
                json.putObject("channel").put("id", hit.channel().id()).put("name", hit.channel().name());
                return json;
            }
            return json.put("inbox", true);
        });
    }

    /** Adds the customer a note belongs to, as {@code customer: {id, name}} (no name when it has none). */
    static ObjectNode withCustomer(ObjectNode note, String customerId, String name) {
        ObjectNode customer = note.putObject("customer").put("id", customerId);
        Json.putIfPresent(customer, "name", name);
        return note;
    }

    public static ObjectNode history(Page<NoteRevision> page) {
        return Json.page(page, NoteJson::toJson);
    }
}
