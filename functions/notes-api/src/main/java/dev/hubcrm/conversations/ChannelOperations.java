package dev.hubcrm.conversations;

import static java.util.Map.entry;

import dev.hubcrm.http.Operation;
import dev.hubcrm.http.Reply;
import java.util.Map;

/** The channel routes of notes-api: parse, call the channels, answer. */
final class ChannelOperations {
    private ChannelOperations() {
    }

    static Map<String, Operation> of(ChannelService channels) {
        return Map.ofEntries(
                entry("POST /v1/channels", request -> {
                    Channel created = channels.create(request.hubId(), ChannelJson.create(request.json()));
                    return Reply.created(ChannelJson.toJson(created), "/v1/channels/" + created.id());
                }),
                entry("GET /v1/channels", request -> Reply.ok(ChannelJson.page(channels.list(request.hubId(), request.page())))),
                entry("GET /v1/channels/{id}", request -> Reply.ok(ChannelJson.toJson(channels.get(request.hubId(), request.pathParameter("id"))))),
                entry("PATCH /v1/channels/{id}", request -> Reply.ok(ChannelJson.toJson(
                        channels.update(request.hubId(), request.pathParameter("id"), ChannelJson.patch(request.json()))))),
                entry("DELETE /v1/channels/{id}", request -> {
                    channels.delete(request.hubId(), request.pathParameter("id"));
                    return Reply.noContent();
                }),
                entry("GET /v1/channels/{id}/feed", request ->
                        Reply.ok(ChannelJson.feed(channels.feed(request.hubId(), request.pathParameter("id"), request.page())))),
                entry("POST /v1/channels/{id}/posts", request -> {
                    ChannelJson.PostInput input = ChannelJson.post(request.json());
                    ChannelPost post = channels.post(request.hubId(), request.pathParameter("id"), input.body(), input.author(), input.customerIds());
                    return Reply.created(ChannelJson.toJson(post), "/v1/channels/" + post.channelId() + "/posts/" + post.id())
                            .withHeader("ETag", ChannelJson.etag(post));
                }),
                entry("GET /v1/channels/{id}/posts/{postId}", request ->
                        withEtag(channels.post(request.hubId(), request.pathParameter("id"), request.pathParameter("postId")))),
                entry("PATCH /v1/channels/{id}/posts/{postId}", request -> {
                    ChannelJson.PostPatch patch = ChannelJson.postPatch(request.json());
                    return withEtag(channels.updatePost(request.hubId(), request.pathParameter("id"), request.pathParameter("postId"),
                            patch.change(), patch.editedBy(), request.ifMatch()));
                }),
                entry("DELETE /v1/channels/{id}/posts/{postId}", request -> {
                    channels.deletePost(request.hubId(), request.pathParameter("id"), request.pathParameter("postId"),
                            NoteJson.deletedBy(request, "a post delete"), request.ifMatch());
                    return Reply.noContent();
                }),
                entry("GET /v1/channels/{id}/posts/{postId}/history", request -> Reply.ok(ChannelJson.history(channels.postHistory(
                        request.hubId(), request.pathParameter("id"), request.pathParameter("postId"), request.page())))));
    }

    private static Reply withEtag(ChannelPost post) {
        return Reply.ok(ChannelJson.toJson(post)).withHeader("ETag", ChannelJson.etag(post));
    }
}
