package dev.hubcrm.local;

import static dev.hubcrm.local.TestApi.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Channels over HTTP against the local server, whose segment evaluator runs on the local stream. */
class ChannelsE2ETest {
    /** A bound on waiting for the stream, not a speed requirement. */
    private static final Duration ARRIVES_WITHIN = Duration.ofSeconds(60);
    private static String key;
    private static String otherKey;
    private static String vips;
    private static String leads;

    @BeforeAll
    static void hubWithTwoSegments() {
        key = TestApi.newHub("Channels E2E");
        otherKey = TestApi.newHub("Channels E2E other");
        vips = segment("VIPs", "vip");
        leads = segment("Leads", "lead");
    }

    private static String segment(String name, String tag) {
        TestApi.Response created = call("POST", "/v1/segments", key,
                "{\"name\":\"" + name + "\",\"rule\":{\"field\":\"tags\",\"op\":\"contains\",\"value\":\"" + tag + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static String channel(String name, String segmentId) {
        TestApi.Response created = call("POST", "/v1/channels", key, "{\"name\":\"" + name + "\",\"segmentId\":\"" + segmentId + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/v1/channels/" + id);
        return id;
    }

    private static String customer(String name, String tag) {
        TestApi.Response created = call("POST", "/v1/customers", key,
                "{\"firstName\":\"" + name + "\",\"email\":\"" + name.toLowerCase() + "@channels.example\",\"tags\":[\"" + tag + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static String note(String customerId, String body) {
        TestApi.Response created = call("POST", "/v1/customers/" + customerId + "/notes", key, "{\"kind\":\"note\",\"body\":\"" + body + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static JsonNode feed(String channelId) {
        TestApi.Response feed = call("GET", "/v1/channels/" + channelId + "/feed?limit=200", key, null);
        assertThat(feed.status()).as(feed.body()).isEqualTo(200);
        return feed.json().get("items");
    }

    private static List<String> feedNotes(String channelId) {
        return feed(channelId).findValuesAsText("id").stream().filter(id -> id.startsWith("note_")).toList();
    }

    private static void awaitMember(String segmentId, String customerId, boolean member) {
        TestApi.eventually(customerId + (member ? " in " : " out of ") + segmentId, ARRIVES_WITHIN,
                () -> call("GET", "/v1/segments/" + segmentId + "/members?limit=200", key, null).json().get("items").findValuesAsText("id"),
                ids -> ids.contains(customerId) == member);
    }

    @Test
    void aNoteOnAMemberAppearsInEveryChannelOfItsSegmentsAndInNoOther() {
        String vipNews = channel("VIP news", vips);
        String vipSupport = channel("VIP support", vips);
        String leadChat = channel("Lead chat", leads);
        String ana = customer("Ana", "vip");
        awaitMember(vips, ana, true);

        String note = note(ana, "Ana wants the autumn box");

        for (String channel : List.of(vipNews, vipSupport)) {
            JsonNode first = feed(channel).get(0);
            assertThat(first.get("id").asText()).isEqualTo(note);
            assertThat(first.get("body").asText()).isEqualTo("Ana wants the autumn box");
            assertThat(first.get("customer").get("id").asText()).isEqualTo(ana);
            assertThat(first.get("customer").get("name").asText()).isEqualTo("Ana");
        }
        assertThat(feedNotes(leadChat)).doesNotContain(note);
    }

    @Test
    void aTagChangeMovesTheCustomersNotesFromOneFeedToTheOther() {
        String vipRoom = channel("VIP room", vips);
        String leadRoom = channel("Lead room", leads);
        String bob = customer("Bob", "lead");
        awaitMember(leads, bob, true);
        String note = note(bob, "Bob asked for prices");
        assertThat(feedNotes(leadRoom)).contains(note);
        assertThat(feedNotes(vipRoom)).doesNotContain(note);

        TestApi.Response retagged = call("PATCH", "/v1/customers/" + bob, key, "{\"tags\":[\"vip\"]}");
        assertThat(retagged.status()).as(retagged.body()).isEqualTo(200);

        TestApi.eventually("Bob's note in the VIP room", ARRIVES_WITHIN, () -> feedNotes(vipRoom), ids -> ids.contains(note));
        TestApi.eventually("Bob's note out of the lead room", ARRIVES_WITHIN, () -> feedNotes(leadRoom), ids -> !ids.contains(note));
    }

    @Test
    void aRenamedMembersNotesShowTheirNewNameOnceTheStreamRewroteTheirEntries() {
        String renameRoom = channel("Rename room", vips);
        String ida = customer("Ida", "vip");
        awaitMember(vips, ida, true);
        String note = note(ida, "Ida asked for a gift card");

        TestApi.Response renamed = call("PATCH", "/v1/customers/" + ida, key, "{\"firstName\":\"Idalie\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

        TestApi.eventually("Ida's note under her new name", ARRIVES_WITHIN, () -> feed(renameRoom).get(0),
                first -> first.get("id").asText().equals(note) && first.get("customer").get("name").asText().equals("Idalie"));
    }

    @Test
    void aPostIsInItsChannelAndOnTheTimelineOfTheCustomerItMentions() {
        String room = channel("Tasting room", leads);
        String dan = customer("Dan", "lead");
        String eve = customer("Eve", "vip");

        TestApi.Response posted = call("POST", "/v1/channels/" + room + "/posts", key,
                "{\"body\":\"Tasting on Friday, bring <cheese>\",\"author\":\"Lou\",\"customerIds\":[\"" + dan + "\"]}");

        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        String post = posted.json().get("id").asText();
        assertThat(posted.header("Location")).isEqualTo("/v1/channels/" + room + "/posts/" + post);
        assertThat(call("GET", posted.header("Location"), key, null).json().get("body").asText()).isEqualTo("Tasting on Friday, bring <cheese>");
        assertThat(call("GET", posted.header("Location"), otherKey, null).status()).isEqualTo(404);
        JsonNode first = feed(room).get(0);
        assertThat(first.get("id").asText()).isEqualTo(post);
        assertThat(first.get("kind").asText()).isEqualTo("post");
        assertThat(first.get("body").asText()).isEqualTo("Tasting on Friday, bring <cheese>");
        JsonNode timeline = call("GET", "/v1/customers/" + dan + "/timeline", key, null).json().get("items");
        assertThat(timeline.get(0).get("kind").asText()).isEqualTo("post");
        assertThat(timeline.get(0).get("detail").get("id").asText()).isEqualTo(post);
        assertThat(call("GET", "/v1/customers/" + eve + "/timeline", key, null).body()).doesNotContain(post);
        TestApi.Response foreign = call("POST", "/v1/channels/" + room + "/posts", otherKey, "{\"body\":\"Mallory\"}");
        assertThat(foreign.status()).as(foreign.body()).isEqualTo(404);
    }

    @Test
    void anotherHubSeesNothingAndCannotBorrowASegment() {
        String vipNews = channel("Hidden news", vips);
        String ana = customer("Cleo", "vip");
        awaitMember(vips, ana, true);
        note(ana, "Cleo is a secret");

        for (String path : List.of("/v1/channels/" + vipNews, "/v1/channels/" + vipNews + "/feed")) {
            TestApi.Response hidden = call("GET", path, otherKey, null);
            assertThat(hidden.status()).as(hidden.body()).isEqualTo(404);
            assertThat(hidden.body()).doesNotContain("Cleo", "Hidden news");
        }
        assertThat(call("GET", "/v1/channels", otherKey, null).json().get("items")).isEmpty();
        TestApi.Response borrowed = call("POST", "/v1/channels", otherKey, "{\"name\":\"Borrowed\",\"segmentId\":\"" + vips + "\"}");
        assertThat(borrowed.status()).as(borrowed.body()).isEqualTo(422);
        assertThat(borrowed.body()).contains("segmentId");
    }

    @Test
    void aChannelIsRenamedListedAndDeleted() {
        String id = channel("Old name", leads);
        TestApi.Response renamed = call("PATCH", "/v1/channels/" + id, key, "{\"name\":\"New name\",\"description\":\"Leads we met\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("description").asText()).isEqualTo("Leads we met");
        assertThat(renamed.json().get("segmentId").asText()).isEqualTo(leads);
        assertThat(call("PATCH", "/v1/channels/" + id, key, "{\"segmentId\":\"" + vips + "\"}").status()).isEqualTo(422);
        assertThat(call("GET", "/v1/channels?limit=200", key, null).json().get("items").findValuesAsText("name")).contains("New name");

        assertThat(call("DELETE", "/v1/channels/" + id, key, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/channels/" + id, key, null).status()).isEqualTo(404);
    }

    private static List<String> searchIds(String query) {
        TestApi.Response found = call("GET", "/v1/notes?q=" + query, key, null);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().get("items").findValuesAsText("id");
    }

    @Test
    void aPostIsEditedWithIfMatchKeepsItsHistoryAndADeleteTakesItOutOfFeedTimelineAndSearch() {
        String room = channel("Market room", leads);
        String fay = customer("Fay", "lead");
        String gus = customer("Gus", "lead");
        TestApi.Response posted = call("POST", "/v1/channels/" + room + "/posts", key,
                "{\"body\":\"Marché de Noël samedi\",\"author\":\"Lou\",\"customerIds\":[\"" + fay + "\"]}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.header("ETag")).isEqualTo("\"1\"");
        String path = posted.header("Location");
        String post = posted.json().get("id").asText();
        assertThat(searchIds("marche")).contains(post);
        JsonNode hit = call("GET", "/v1/notes?q=noel", key, null).json().get("items").get(0);
        assertThat(hit.get("channel").get("name").asText()).isEqualTo("Market room");

        TestApi.Response edited = call("PATCH", path, key, "{\"body\":\"Marché de Noël dimanche\",\"customerIds\":[\"" + gus
                + "\"],\"editedBy\":\"Zoé\"}", "If-Match", "\"1\"");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.header("ETag")).isEqualTo("\"2\"");
        TestApi.Response stale = call("DELETE", path, key, null, "If-Match", "\"1\"");
        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(searchIds("samedi")).doesNotContain(post);
        assertThat(searchIds("dimanche")).contains(post);
        assertThat(call("GET", "/v1/customers/" + fay + "/timeline", key, null).body()).doesNotContain(post);
        assertThat(call("GET", "/v1/customers/" + gus + "/timeline", key, null).body()).contains(post);

        assertThat(call("DELETE", path + "?deletedBy=Lou", key, null).status()).isEqualTo(204);

        assertThat(call("GET", path, key, null).status()).isEqualTo(404);
        assertThat(feed(room).findValuesAsText("id")).doesNotContain(post);
        assertThat(call("GET", "/v1/customers/" + gus + "/timeline", key, null).body()).doesNotContain(post);
        assertThat(searchIds("dimanche")).doesNotContain(post);
        JsonNode history = call("GET", path + "/history", key, null).json().get("items");
        assertThat(history.findValuesAsText("action")).containsExactly("deleted", "edited");
        assertThat(history.findValuesAsText("by")).containsExactly("Lou", "Zoé");
        assertThat(history.get(1).get("previous").get("body").asText()).isEqualTo("Marché de Noël samedi");
        assertThat(call("GET", path + "/history", otherKey, null).status()).isEqualTo(404);
    }

    @Test
    void aNewChannelShowsItsBackfillAndFillsWithItsMembersHistory() {
        String hal = customer("Hal", "vip");
        awaitMember(vips, hal, true);
        String note = note(hal, "Hal came before the channel");

        TestApi.Response created = call("POST", "/v1/channels", key, "{\"name\":\"Late room\",\"segmentId\":\"" + vips + "\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("backfill").get("status").asText()).isEqualTo("building");
        String id = created.json().get("id").asText();
        TestApi.eventually("the channel's backfill done", ARRIVES_WITHIN,
                () -> call("GET", "/v1/channels/" + id, key, null).json().get("backfill"),
                backfill -> backfill.get("status").asText().equals("ready") && backfill.get("processed").asLong() >= 1);
        assertThat(feedNotes(id)).contains(note);
    }
}
