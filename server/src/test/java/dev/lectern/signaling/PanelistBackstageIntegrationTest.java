package dev.lectern.signaling;

import static dev.lectern.recording.AgoraStub.ACQUIRE;
import static dev.lectern.recording.AgoraStub.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.AgoraIntegrationTest;
import dev.lectern.support.Api;
import dev.lectern.support.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Panelists (the invite role) and the backstage channel, CONTRACT §7.1-7.2, with the real client and tokens. */
class PanelistBackstageIntegrationTest extends AgoraIntegrationTest {

    private final List<SocketClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(SocketClient::close);
    }

    @Test
    void aPanelistSpeaksFromTheStartIsListedAndCanBeRevokedWithoutLosingTheRole() {
        User host = newUser("Host");
        User pat = newUser("Pat");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, 1); // one seat: the panelist must not take it
        assertThat(invite(id, host, "panelist", pat)
                        .json()
                        .get("invited")
                        .get(0)
                        .asLong())
                .isEqualTo(pat.id());
        assertThat(api.post("/api/workshops/" + id + "/rsvp", pat.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200); // not full
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(1);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        SocketClient hostClient = join(host, id);
        hostClient.next("workshop:state");
        SocketClient patClient = join(pat, id);
        JsonNode state = patClient.next("workshop:state");
        assertThat(ids(state.get("panelistIds"))).containsExactly(pat.id());
        assertThat(ids(state.get("speakerIds"))).contains(pat.id());
        JsonNode me = attendee(state, pat.id());
        assertThat(me.get("isPanelist").asBoolean()).isTrue();
        assertThat(me.get("canSpeak").asBoolean()).isTrue();
        JsonNode joined = hostClient.next("workshop:user-joined");
        if (joined.get("userId").asLong() == host.id()) {
            joined = hostClient.next("workshop:user-joined"); // the host hears their own arrival first
        }
        assertThat(joined.get("userId").asLong()).isEqualTo(pat.id());
        assertThat(joined.get("isPanelist").asBoolean()).isTrue();
        assertThat(token(id, pat, null).json().get("role").asString()).isEqualTo("publisher");

        // revoke: subscriber, still a panelist; approve: publisher again
        SignalingTest.assertOk(hostClient.call("workshop:revoke-speaker", target(id, pat.id())));
        assertThat(token(id, pat, null).json().get("role").asString()).isEqualTo("subscriber");
        JsonNode again = join(ada, id).next("workshop:state");
        assertThat(ids(again.get("panelistIds"))).containsExactly(pat.id());
        assertThat(ids(again.get("speakerIds"))).doesNotContain(pat.id());
        SignalingTest.assertOk(hostClient.call("workshop:approve-speaker", target(id, pat.id())));
        assertThat(token(id, pat, null).json().get("role").asString()).isEqualTo("publisher");

        var attendance = api.get("/api/workshops/" + id + "/attendance", host.token())
                .json()
                .get("items");
        boolean listed = false;
        for (JsonNode line : attendance) {
            if (line.get("userId").asLong() == pat.id()) {
                assertThat(line.get("isPanelist").asBoolean()).isTrue();
                listed = true;
            }
        }
        assertThat(listed).isTrue();
    }

    @Test
    void aRoleChangeWhileTheRoomIsOpenIsBroadcastBothWays() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null);
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        SocketClient hostClient = join(host, id);
        hostClient.next("workshop:state");

        assertThat(invite(id, host, "panelist", ada).status()).isEqualTo(200);
        assertThat(hostClient.next("workshop:panelist-added").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(invite(id, host, "panelist", ada).status()).isEqualTo(200); // no change, no event
        assertThat(hostClient.receives("workshop:panelist-added", Duration.ofMillis(300)))
                .isFalse();
        assertThat(token(id, ada, null).json().get("role").asString()).isEqualTo("publisher");

        assertThat(invite(id, host, "attendee", ada).status()).isEqualTo(200);
        assertThat(hostClient.next("workshop:panelist-removed").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(token(id, ada, null).json().get("role").asString()).isEqualTo("subscriber");
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(1);
    }

    @Test
    void invitesRefuseAnUnknownRoleAndAttendeesCannotInvite() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null);
        var bad = api.post(
                "/api/workshops/" + id + "/invites",
                host.token(),
                Api.json(Map.of("userIds", List.of(ada.id()), "role", "king")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("invalid_payload");
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);
        assertThat(invite(id, ada, "panelist", ada).code()).isEqualTo("forbidden");
        assertThat(jdbc.sql("SELECT is_panelist FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                        .params(id, ada.id())
                        .query(Boolean.class)
                        .single())
                .isFalse();
    }

    @Test
    void theBackstageIsForModeratorsInLobbyOrLiveAndIsNeverRecorded() {
        User host = newUser("Host");
        User pat = newUser("Pat");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null);
        assertThat(invite(id, host, "panelist", pat).status()).isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);
        String channel = channelOf(id, host);

        var early = token(id, pat, "backstage");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("invalid_state");
        assertThat(token(id, ada, "backstage").code()).isEqualTo("forbidden");
        assertThat(token(id, pat, "upstairs").code()).isEqualTo("invalid_payload");

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        for (User moderator : List.of(host, pat)) {
            JsonNode t = token(id, moderator, "backstage").json();
            assertThat(t.get("channel").asString()).isEqualTo(channel + "-backstage");
            assertThat(t.get("role").asString()).isEqualTo("publisher");
            assertThat(t.get("uid").asLong()).isEqualTo(moderator.id());
        }
        var refused = token(id, ada, "backstage");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("forbidden");
        assertThat(token(id, ada, "live").json().get("channel").asString()).isEqualTo(channel);

        // the live channel's recording starts; nothing ever asks Agora to record the backstage
        AGORA.await(START, channel, 1, Duration.ofSeconds(10));
        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200);
        assertThat(AGORA.calls(ACQUIRE, channel)).hasSize(1);
        assertThat(AGORA.calls())
                .isNotEmpty()
                .allSatisfy(call -> assertThat(String.valueOf(call.cname()) + call.path() + call.body())
                        .doesNotContain("-backstage"));
    }

    private Api.Response invite(long id, User by, String role, User... users) {
        List<Long> ids = java.util.Arrays.stream(users).map(User::id).toList();
        return api.post(
                "/api/workshops/" + id + "/invites", by.token(), Api.json(Map.of("userIds", ids, "role", role)));
    }

    private Api.Response token(long id, User who, String stage) {
        return api.get("/api/workshops/" + id + "/token" + (stage == null ? "" : "?stage=" + stage), who.token());
    }

    private SocketClient join(User user, long id) {
        SocketClient c = SocketClient.connect(socketUrl(), user.token());
        clients.add(c);
        SignalingTest.assertOk(c.call("workshop:join", SignalingTest.payload(id)));
        return c;
    }

    private static Map<String, Object> target(long id, long user) {
        return SignalingTest.payload(id, user);
    }

    private static JsonNode attendee(JsonNode state, long userId) {
        for (JsonNode a : state.get("attendees")) {
            if (a.get("userId").asLong() == userId) {
                return a;
            }
        }
        throw new AssertionError("not in " + state);
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
}
