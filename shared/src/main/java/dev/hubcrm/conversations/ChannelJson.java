package dev.hubcrm.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.Page;
import dev.hubcrm.http.Json;
import dev.hubcrm.http.JsonInput;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The JSON shape of channels and their feed in the API (adapter between HTTP bodies and the domain). */
public final class ChannelJson {
    private static final Set<String> FIELDS = Set.of("name", "segmentId", "description");
    private static final Set<String> POST_FIELDS = Set.of("body", "author", "customerIds");

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
        return json.put("createdAt", channel.createdAt().toString()).put("updatedAt", channel.updatedAt().toString());
    }

    public static ObjectNode page(Page<Channel> page) {
        return Json.page(page, ChannelJson::toJson);
    }

    /** A feed page: each note with the customer it belongs to ({@code {id, name}}), or a post of the channel. */
    public static ObjectNode feed(Page<ChannelService.FeedItem> page) {
        return Json.page(page, item -> item.post() != null ? toJson(item.post())
                : NoteJson.withCustomer(NoteJson.toJson(item.note()), item.customer()));
    }

    /** What {@code POST /v1/channels/{id}/posts} says. */
    public record PostInput(String body, String author, List<String> customerIds) {
    }

    public static PostInput post(JsonNode body) {
        if (body.path("body").isTextual()) {
            NoteService.requireBodySize(body.path("body").textValue());
        }
        JsonInput input = JsonInput.of(body, POST_FIELDS);
        PostInput post = new PostInput(input.string("body"), input.string("author"), input.strings("customerIds"));
        input.validate();
        return post;
    }

    public static ObjectNode toJson(ChannelPost post) {
        ObjectNode json = Json.object().put("id", post.id()).put("kind", "post").put("channelId", post.channelId()).put("body", post.body());
        Json.putIfPresent(json, "author", post.author());
        post.customerIds().forEach(json.putArray("customerIds")::add);
        return json.put("createdAt", post.createdAt().toString());
    }
}
