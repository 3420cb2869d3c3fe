package dev.hubcrm.conversations;

import dev.hubcrm.http.Operation;
import dev.hubcrm.http.Reply;
import java.util.Map;

/** The channel routes of notes-api: parse, call the channels, answer. */
final class ChannelOperations {
    private ChannelOperations() {
    }

    static Map<String, Operation> of(ChannelService channels) {
        return Map.of(
                "POST /v1/channels", request -> {
                    Channel created = channels.create(request.hubId(), ChannelJson.create(request.json()));
                    return Reply.created(ChannelJson.toJson(created), "/v1/channels/" + created.id());
                },
                "GET /v1/channels", request -> Reply.ok(ChannelJson.page(channels.list(request.hubId(), request.page()))),
                "GET /v1/channels/{id}", request -> Reply.ok(ChannelJson.toJson(channels.get(request.hubId(), request.pathParameter("id")))),
                "PATCH /v1/channels/{id}", request -> Reply.ok(ChannelJson.toJson(
                        channels.update(request.hubId(), request.pathParameter("id"), ChannelJson.patch(request.json())))),
                "DELETE /v1/channels/{id}", request -> {
                    channels.delete(request.hubId(), request.pathParameter("id"));
                    return Reply.noContent();
                },
                "GET /v1/channels/{id}/feed", request ->
                        Reply.ok(ChannelJson.feed(channels.feed(request.hubId(), request.pathParameter("id"), request.page()))),
                "POST /v1/channels/{id}/posts", request -> {
                    ChannelJson.PostInput input = ChannelJson.post(request.json());
                    ChannelPost post = channels.post(request.hubId(), request.pathParameter("id"), input.body(), input.author(), input.customerIds());
                    return Reply.created(ChannelJson.toJson(post), "/v1/channels/" + post.channelId() + "/posts/" + post.id());
                },
                "GET /v1/channels/{id}/posts/{postId}", request -> Reply.ok(ChannelJson.toJson(
                        channels.post(request.hubId(), request.pathParameter("id"), request.pathParameter("postId")))));
    }
}
