package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RoomIntegrationTest extends SignalingTest {

    @Test
    void membersJoinALiveWorkshopAndEachSeesTheOther() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);

        SocketClient adaClient = connect(ada);
        JsonNode ack = adaClient.call("workshop:join", payload(id));

        assertOk(ack);
        JsonNode joined = hostClient.next("workshop:user-joined");
        assertThat(joined.get("userId").asLong()).isEqualTo(ada.id());
        assertThat(joined.get("displayName").asString()).isEqualTo("Ada");
        assertThat(joined.has("avatarUrl")).isTrue();
        assertThat(joined.get("avatarUrl").isNull()).isTrue();
        assertThat(joined.get("isHost").asBoolean()).isFalse();
        assertThat(joined.get("isCoHost").asBoolean()).isFalse();
        JsonNode state = adaClient.next("workshop:state");
        assertThat(state.toString()).isEqualTo(ack.get("state").toString());
        assertThat(state.get("workshopId").asLong()).isEqualTo(id);
        assertThat(state.get("status").asString()).isEqualTo("live");
        assertThat(state.get("hostId").asLong()).isEqualTo(host.id());
        assertThat(state.get("coHostIds").size()).isZero();
        assertThat(state.get("speakerIds").size()).isZero();
        assertThat(state.get("raisedHands").size()).isZero();
        assertThat(state.get("startedAt").asString()).isNotBlank();
        assertThat(state.get("endedAt").isNull()).isTrue();
        JsonNode attendees = state.get("attendees");
        assertThat(attendees.size()).isEqualTo(2);
        JsonNode hostEntry = byUser(attendees, host.id());
        assertThat(hostEntry.get("isHost").asBoolean()).isTrue();
        assertThat(hostEntry.get("canSpeak").asBoolean()).isTrue();
        assertThat(byUser(attendees, ada.id()).get("canSpeak").asBoolean()).isFalse();
        assertThat(attendeeStatus(id, ada)).isEqualTo("joined");
        assertThat(attendeeStatus(id, host)).isEqualTo("joined"); // the host has a row too, for attendance
    }

    @Test
    void anInvitedUserJoinsAPrivateWorkshop() {
        User host = newUser("Host");
        User guest = newUser("Guest");
        long id = createWorkshop(host, true, null, clock.instant().plus(Duration.ofMinutes(5)));
        api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + guest.id() + "]}");
        assertOk(connect(guest).call("workshop:join", payload(id)));
        assertThat(attendeeStatus(id, guest)).isEqualTo("invited"); // scheduled: in the room, not yet joined
    }

    @Test
    void joinIsRefusedToStrangersAndForUnknownWorkshops() {
        User host = newUser("Host");
        User stranger = newUser("Stranger");
        long open = liveWorkshop(host);
        long secret = createWorkshop(host, true, null);
        SocketClient client = connect(stranger);

        assertRefused(client.call("workshop:join", payload(open)), "forbidden");
        assertRefused(client.call("workshop:join", payload(secret)), "not_found");
        assertRefused(client.call("workshop:join", payload(999_999_999_999L)), "not_found");
        assertThat(client.connected()).isTrue();
    }

    @Test
    void joinIsRefusedOnceTheWorkshopEndedOrWasCancelled() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long ended = liveWorkshop(host, ada);
        api.post("/api/workshops/" + ended + "/end", host.token(), null);
        long cancelled = scheduledWorkshop(host, ada);
        api.post("/api/workshops/" + cancelled + "/cancel", host.token(), null);
        SocketClient client = connect(ada);

        assertRefused(client.call("workshop:join", payload(ended)), "invalid_state");
        assertRefused(client.call("workshop:join", payload(cancelled)), "invalid_state");
        assertRefused(connect(host).call("workshop:join", payload(ended)), "invalid_state");
    }

    @Test
    void membersWaitingInAScheduledRoomBecomeJoinedWhenTheLobbyOpens() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = scheduledWorkshop(host, ada);
        SocketClient adaClient = joined(ada, id);
        assertThat(attendeeStatus(id, ada)).isEqualTo("rsvp");

        assertThat(lifecycle.openLobbyIfDue(id)).isTrue();

        JsonNode changed = adaClient.next("workshop:state-changed");
        assertThat(changed.get("status").asString()).isEqualTo("lobby");
        assertThat(changed.get("startedAt").isNull()).isTrue();
        assertThat(attendeeStatus(id, ada)).isEqualTo("joined");
    }

    @Test
    void aSecondTabNeitherJoinsTwiceNorLeavesEarly() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient tab1 = joined(ada, id);
        assertThat(hostClient.next("workshop:user-joined").get("userId").asLong())
                .isEqualTo(ada.id());

        SocketClient tab2 = joined(ada, id);
        assertThat(hostClient.receives("workshop:user-joined", QUIET)).isFalse();
        tab1.close();
        assertThat(hostClient.receives("workshop:user-left", QUIET)).isFalse();
        assertThat(attendeeStatus(id, ada)).isEqualTo("joined");

        clock.advance(Duration.ofSeconds(30));
        tab2.close();
        assertThat(hostClient.next("workshop:user-left").get("userId").asLong()).isEqualTo(ada.id());
        assertThat(attendeeStatus(id, ada)).isEqualTo("left");
        long presentMs = jdbc.sql("SELECT present_ms FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(id, ada.id())
                .query(Long.class)
                .single();
        assertThat(presentMs).isGreaterThanOrEqualTo(30_000);
    }

    @Test
    void leaveTellsTheRoomAndMarksTheAttendeeLeft() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        hostClient.drain("workshop:user-joined");

        assertOk(adaClient.call("workshop:leave", payload(id)));

        assertThat(hostClient.next("workshop:user-left").get("userId").asLong()).isEqualTo(ada.id());
        assertThat(attendeeStatus(id, ada)).isEqualTo("left");
        // out of the room: no more room events for that socket
        assertOk(hostClient.call("workshop:raise-hand", payload(id)));
        assertThat(adaClient.receives("workshop:hand-raised", QUIET)).isFalse();
        // and back in: joined again, announced again
        assertOk(adaClient.call("workshop:join", payload(id)));
        assertThat(hostClient.next("workshop:user-joined").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(attendeeStatus(id, ada)).isEqualTo("joined");
    }

    @Test
    void leavingARoomOneIsNotInIsHarmlessButUnknownWorkshopsAreNotFound() {
        User ada = newUser("Ada");
        long id = liveWorkshop(newUser("Host"), ada);
        SocketClient client = connect(ada);
        assertOk(client.call("workshop:leave", payload(id)));
        assertRefused(client.call("workshop:leave", payload(999_999_999_998L)), "not_found");
    }

    @Test
    void aDisconnectCountsAsLeaving() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        hostClient.drain("workshop:user-joined");

        adaClient.close();

        assertThat(hostClient.next("workshop:user-left").get("userId").asLong()).isEqualTo(ada.id());
        assertThat(attendeeStatus(id, ada)).isEqualTo("left");
        var report =
                api.get("/api/workshops/" + id + "/attendance", host.token()).json();
        assertThat(report.get("items").size()).isEqualTo(2);
    }

    @Test
    void clientsCannotChangeAWorkshopsState() {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        SocketClient hostClient = joined(host, id);
        var change = payload(id);
        change.put("newStatus", "ended");
        assertRefused(hostClient.call("workshop:state-change", change), "forbidden");
        assertThat(api.get("/api/workshops/" + id, host.token())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("live");
    }

    static JsonNode byUser(JsonNode items, long userId) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).get("userId").asLong() == userId) {
                return items.get(i);
            }
        }
        throw new AssertionError("no entry for user " + userId + " in " + items);
    }
}
