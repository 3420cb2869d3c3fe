package dev.hubcrm.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The JSON shape of channels and their feed in the API (adapter between HTTP bodies and the domain). */
public final class ChannelJson {
    private static final Set<String> FIELDS = Set.of("name", "segmentId", "description");
    private static final Set<String> POST_FIELDS = Set.of("body", "author", "customerIds");
    /** A post's patch may also say who edits ({@code editedBy}, kept in the history). */
    private static final Set<String> POST_PATCH_FIELDS = Set.of("body", "author", "customerIds", "editedBy");

    private ChannelJson() {
    }

    /** The body of {@code POST /v1/channels}. */
    public static ChannelDraft create(JsonNode body) {
        JsonInput input = JsonInput.of(body, FIELDS);
        ChannelDraft draft = new ChannelDraft(input.string("name"), input.string("segmentId"), input.string("description"));
        input.validate();
        return draft;
    }

    /** A merge patch: the fields it names replace the channel's, {@code description: null} removes it. */
    public static UnaryOperator<ChannelDraft> patch(JsonNode body) {
        ChannelDraft named = create(body);
        return current -> new ChannelDraft(body.has("name") ? named.name() : current.name(),
                body.has("segmentId") ? named.segmentId() : current.segmentId(),
                body.has("description") ? named.description() : current.description());
    }

    public static ObjectNode toJson(Channel channel) {
        ObjectNode json = Json.object().put("id", channel.id()).put("name", channel.name()).put("segmentId", channel.segmentId());
        Json.putIfPresent(json, "description", channel.description());
        json.putObject("backfill").put("status", channel.backfill().status().wire()).put("processed", channel.backfill().processed());
        return json.put("createdAt", channel.createdAt().toString()).put("updatedAt", channel.updatedAt().toString());
    }

    public static ObjectNode page(Page<Channel> page) {
        return Json.page(page, ChannelJson::toJson);
    }

    /** A feed page: each note with the customer it belongs to ({@code {id, name}}), or a post of the channel. */
    public static ObjectNode feed(Page<ChannelService.FeedItem> page) {
        return Json.page(page, item -> item.post() != null ? toJson(item.post())
                : NoteJson.withCustomer(NoteJson.toJson(item.note()), item.note().customerId(), item.customerName()));
    }

    /** What {@code POST /v1/channels/{id}/posts} says. */
    public record PostInput(String body, String author, List<String> customerIds) {
    }

    public static PostInput post(JsonNode body) {
        JsonInput input = postInput(body, POST_FIELDS);
        PostInput post = new PostInput(input.string("body"), input.string("author"), input.strings("customerIds"));
        input.validate();
        return post;
    }

    /** A JSON merge patch of a post: the fields it names replace the post's ({@code author: null} removes it, {@code customerIds: null} every mention). */
    public record PostPatch(UnaryOperator<ChannelPost.Draft> change, String editedBy) {
    }

    public static PostPatch postPatch(JsonNode body) {
        JsonInput input = postInput(body, POST_PATCH_FIELDS);
        PostInput named = new PostInput(input.string("body"), input.string("author"), input.strings("customerIds"));
        String editedBy = input.string("editedBy");
        input.validate();
        NoteService.requireTeamMember("editedBy", editedBy);
        if (body.has("body") && named.body() == null) {
            throw ValidationException.of("body", "cannot be removed; delete the post instead");
        }
        return new PostPatch(current -> new ChannelPost.Draft(
                body.has("body") ? named.body() : current.body(),
                body.has("author") ? named.author() : current.author(),
                body.has("customerIds") ? (named.customerIds() == null ? List.of() : named.customerIds()) : current.customerIds()), editedBy);
    }

    /** Checks the body's size first: before any other field is read. */
    private static JsonInput postInput(JsonNode body, Set<String> allowed) {
        if (body.path("body").isTextual()) {
            NoteService.requireBodySize(body.path("body").textValue());
        }
        return JsonInput.of(body, allowed);
    }

    public static ObjectNode toJson(ChannelPost post) {
        ObjectNode json = Json.object().put("id", post.id()).put("kind", "post").put("channelId", post.channelId());
        putContent(json, post);
        return json.put("createdAt", post.createdAt().toString()).put("updatedAt", post.updatedAt().toString());
    }

    /** What an edit can change: body, author, mentions. */
    private static void putContent(ObjectNode json, ChannelPost post) {
        json.put("body", post.body());
        Json.putIfPresent(json, "author", post.author());
        post.customerIds().forEach(json.putArray("customerIds")::add);
    }

    public static String etag(ChannelPost post) {
        return "\"" + post.version() + "\"";
    }

    public static ObjectNode history(Page<PostRevision> page) {
        return Json.page(page, revision -> {
            ObjectNode json = Json.object().put("action", revision.action().wire());
            Json.putIfPresent(json, "by", revision.by());
            json.put("at", revision.at().toString());
            putContent(json.putObject("previous"), revision.previous());
            return json;
        });
    }
}
