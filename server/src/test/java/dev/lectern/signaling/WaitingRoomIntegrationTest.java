package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.admission.WaitingRoom;
import dev.lectern.support.Api;
import dev.lectern.support.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The waiting room of CONTRACT §7.2, rule by rule, with the real Socket.IO client. */
class WaitingRoomIntegrationTest extends SignalingTest {

    @Autowired
    WaitingRoom waitingRoom;

    /** A live public workshop with a waiting room, RSVP'd to by the attendees. */
    long waitingWorkshop(User host, User... attendees) {
        var body = new LinkedHashMap<String, Object>();
        body.put("title", "Waiting room by " + host.name());
        body.put("scheduledStart", clock.instant().plus(Duration.ofMinutes(5)).toString());
        body.put("durationMinutes", 60);
        body.put("admission", "waiting_room");
        long id = api.post("/api/workshops", host.token(), Api.json(body))
                .json()
                .get("id")
                .asLong();
        for (User a : attendees) {
            rsvp(id, a);
        }
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        return id;
    }

    /** The host joined: their state, then the queue. */
    SocketClient moderator(User host, long id) {
        SocketClient c = connect(host);
        assertOk(c.call("workshop:join", payload(id)));
        c.next("workshop:state");
        JsonNode queue = c.next("workshop:waiting-room");
        assertThat(queue.has("waiting")).isTrue();
        assertThat(queue.has("denied")).isTrue();
        c.drain("workshop:user-joined");
        return c;
    }

    SocketClient waiter(User user, long id, int position) {
        SocketClient c = connect(user);
        JsonNode ack = c.call("workshop:join", payload(id));
        assertOk(ack);
        assertThat(ack.get("waiting").asBoolean()).as(ack.toString()).isTrue();
        assertThat(ack.get("position").asInt()).isEqualTo(position);
        assertThat(ack.has("state")).isFalse();
        assertThat(c.next("workshop:waiting").get("position").asInt()).isEqualTo(position);
        return c;
    }

    /** The moderators' latest queue frame that lists exactly {@code ids} waiting, in order. */
    JsonNode awaitQueue(SocketClient moderator, User... ids) {
        List<Long> want = java.util.Arrays.stream(ids).map(User::id).toList();
        long deadline = System.nanoTime() + SocketClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode q = moderator.next("workshop:waiting-room");
            List<Long> got = new ArrayList<>();
            q.get("waiting").forEach(w -> got.add(w.get("userId").asLong()));
            if (got.equals(want)) {
                return q;
            }
        }
        throw new AssertionError("the queue never became " + want);
    }

    static Map<String, Object> all(long id) {
        Map<String, Object> p = payload(id);
        p.put("all", true);
        return p;
    }

    @Test
    void attendeesWaitInOrderHearNothingOfTheRoomAndComeInWhenAdmitted() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = waitingWorkshop(host, ada, bob);
        SocketClient hostClient = moderator(host, id);
        SocketClient adaClient = waiter(ada, id, 1);
        SocketClient bobClient = waiter(bob, id, 2);
        JsonNode queue = awaitQueue(hostClient, ada, bob);
        assertThat(queue.get("waiting").get(0).get("displayName").asString()).isEqualTo("Ada");
        assertThat(queue.get("waiting").get(0).get("since").asString()).isNotBlank();

        // not present, no room traffic, other events and tokens refused "waiting"
        assertThat(attendeeStatus(id, ada)).isEqualTo("rsvp");
        assertOk(hostClient.call("workshop:chat", chat(id, "hello room")));
        assertRefused(adaClient.call("workshop:chat", chat(id, "let me in")), "waiting");
        assertRefused(adaClient.call("workshop:raise-hand", payload(id)), "waiting");
        var token = api.get("/api/workshops/" + id + "/token", ada.token());
        assertThat(token.status()).isEqualTo(403);
        assertThat(token.code()).isEqualTo("waiting");

        assertOk(hostClient.call("workshop:admit", payload(id, ada.id())));
        assertThat(adaClient.next("workshop:admitted").get("workshopId").asLong())
                .isEqualTo(id);
        JsonNode state = adaClient.next("workshop:state");
        assertThat(state.get("attendees").toString()).contains("\"userId\":" + ada.id());
        assertThat(hostClient.next("workshop:user-joined").get("userId").asLong())
                .isEqualTo(ada.id());
        awaitPosition(bobClient, 1);
        awaitQueue(hostClient, bob);
        assertThat(attendeeStatus(id, ada)).isEqualTo("joined");
        assertThat(adaClient.receives("workshop:chat-message", QUIET)).isFalse(); // nothing from before
        assertThat(bobClient.receives("workshop:chat-message", Duration.ZERO)).isFalse();
        assertOk(adaClient.call("workshop:chat", chat(id, "thanks")));

        // admitted users skip the queue: a second tab, a reconnect
        SocketClient second = connect(ada);
        JsonNode ack = second.call("workshop:join", payload(id));
        assertThat(ack.has("state")).as(ack.toString()).isTrue();
        // past the waiting room's check: this context has no Agora credentials (PanelistBackstageIntegrationTest has)
        assertThat(api.get("/api/workshops/" + id + "/token", ada.token()).code())
                .isEqualTo("rtc_not_configured");
    }

    @Test
    void denialRefusesJoinAndTokenUntilAnAdmitLiftsIt() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = waitingWorkshop(host, ada);
        SocketClient hostClient = moderator(host, id);
        SocketClient adaClient = waiter(ada, id, 1);
        awaitQueue(hostClient, ada);

        assertOk(hostClient.call("workshop:deny", payload(id, ada.id())));
        assertThat(adaClient.next("workshop:denied").get("workshopId").asLong()).isEqualTo(id);
        JsonNode queue = awaitQueue(hostClient);
        assertThat(queue.get("denied").get(0).get("userId").asLong()).isEqualTo(ada.id());
        assertRefused(adaClient.call("workshop:join", payload(id)), "forbidden");
        var token = api.get("/api/workshops/" + id + "/token", ada.token());
        assertThat(token.status()).isEqualTo(403);
        assertThat(token.code()).isEqualTo("forbidden");

        // un-deny: admit of a denied member; they then walk straight in
        assertOk(hostClient.call("workshop:admit", payload(id, ada.id())));
        assertThat(adaClient.call("workshop:join", payload(id)).has("state")).isTrue();
    }

    @Test
    void admitAllLetsEveryoneInAndTheRoomHearsOfThemOnce() {
        User host = newUser("Host");
        User[] people = new User[5];
        for (int i = 0; i < people.length; i++) {
            people[i] = newUser("W" + i);
        }
        long id = waitingWorkshop(host, people);
        SocketClient hostClient = moderator(host, id);
        List<SocketClient> waiting = new ArrayList<>();
        for (int i = 0; i < people.length; i++) {
            waiting.add(waiter(people[i], id, i + 1));
        }
        awaitQueue(hostClient, people);
        JsonNode ack = hostClient.call("workshop:admit", all(id));
        assertOk(ack);
        assertThat(ack.get("admitted").size()).isEqualTo(people.length);
        for (SocketClient c : waiting) {
            c.next("workshop:admitted");
            c.next("workshop:state");
        }
        awaitQueue(hostClient);
        assertThat(jdbc.sql(
                                "SELECT COUNT(*) FROM workshop_attendees WHERE workshop_id = ? AND status = 'joined' AND admission = 'admitted'")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(people.length);
    }

    @Test
    void moderatorsSkipTheQueueAndAnOpenWorkshopHasNone() {
        User host = newUser("Host");
        User pat = newUser("Pat");
        User ada = newUser("Ada");
        long id = waitingWorkshop(host, ada);
        assertThat(api.post(
                                "/api/workshops/" + id + "/invites",
                                host.token(),
                                Api.json(Map.of("userIds", List.of(pat.id()), "role", "panelist")))
                        .status())
                .isEqualTo(200);
        SocketClient patClient = moderator(pat, id); // a panelist: state, then the queue
        SocketClient adaClient = waiter(ada, id, 1);
        awaitQueue(patClient, ada);
        assertOk(patClient.call("workshop:admit", payload(id, ada.id()))); // panelists moderate the queue
        adaClient.next("workshop:admitted");

        long open = liveWorkshop(host, ada);
        assertThat(connect(ada).call("workshop:join", payload(open)).has("state"))
                .isTrue();
    }

    @Test
    void leaveTakesAWaitingUserOutAndTheOthersMoveUp() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = waitingWorkshop(host, ada, bob);
        SocketClient hostClient = moderator(host, id);
        SocketClient adaClient = waiter(ada, id, 1);
        SocketClient bobClient = waiter(bob, id, 2);
        awaitQueue(hostClient, ada, bob);
        assertOk(adaClient.call("workshop:leave", payload(id)));
        awaitPosition(bobClient, 1);
        awaitQueue(hostClient, bob);
        // admitting someone who left pre-admits them: no one comes in now, they skip the queue later
        JsonNode ack = hostClient.call("workshop:admit", payload(id, ada.id()));
        assertOk(ack);
        assertThat(ack.get("admitted").size()).isZero();
        assertThat(adaClient.call("workshop:join", payload(id)).has("state")).isTrue();
        // a double admit is a no-op
        assertOk(hostClient.call("workshop:admit", payload(id, ada.id())));
    }

    @Test
    void aReconnectWithinTheGraceKeepsThePlaceAndLongerAbsenceLosesIt() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = waitingWorkshop(host, ada, bob);
        SocketClient hostClient = moderator(host, id);
        SocketClient adaClient = waiter(ada, id, 1);
        waiter(bob, id, 2);
        awaitQueue(hostClient, ada, bob);

        adaClient.close();
        awaitGone(id, ada);
        waitingRoom.expire(clock.instant().plus(waitingRoom.grace()).minusSeconds(1)); // not yet
        SocketClient back = waiter(ada, id, 1); // same place
        back.close();
        awaitGone(id, ada);
        waitingRoom.expire(clock.instant().plus(waitingRoom.grace()).plusSeconds(1)); // gone for longer
        awaitQueue(hostClient, bob);
        waiter(ada, id, 2); // back, at the end
    }

    @Test
    void aRestartGivesEveryWaitingUserTheWindowAgain() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = waitingWorkshop(host, ada);
        waiter(ada, id, 1);
        waitingRoom.releaseAll(); // what a single node does at start-up
        assertThat(jdbc.sql("SELECT gone_at FROM waiting_room WHERE workshop_id = ? AND user_id = ?")
                        .params(id, ada.id())
                        .query(java.time.OffsetDateTime.class)
                        .single())
                .isNotNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM waiting_sockets WHERE workshop_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theEndEmptiesTheQueueAndTellsTheWaitingAndAdmitIsThenRefused() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = waitingWorkshop(host, ada);
        SocketClient hostClient = moderator(host, id);
        SocketClient adaClient = waiter(ada, id, 1);
        awaitQueue(hostClient, ada);
        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200);
        assertThat(adaClient.next("workshop:state-changed").get("status").asString())
                .isEqualTo("ended");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM waiting_room WHERE workshop_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertRefused(hostClient.call("workshop:admit", payload(id, ada.id())), "invalid_state");
        assertRefused(hostClient.call("workshop:admit", all(id)), "invalid_state");
        assertRefused(adaClient.call("workshop:join", payload(id)), "invalid_state");
    }

    @Test
    void aBanReachesTheWaitingUserAndTakesThemOut() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = waitingWorkshop(host, ada);
        SocketClient hostClient = moderator(host, id);
        SocketClient adaClient = waiter(ada, id, 1);
        awaitQueue(hostClient, ada);
        assertOk(hostClient.call("workshop:remove-user", payload(id, ada.id())));
        assertThat(adaClient.next("workshop:user-removed").get("userId").asLong())
                .isEqualTo(ada.id());
        awaitQueue(hostClient);
        assertRefused(adaClient.call("workshop:join", payload(id)), "banned");
    }

    @Test
    void refusalsAreClearAndChangeNothing() {
        User host = newUser("Host");
        User coHost = newUser("CoHost");
        User ada = newUser("Ada");
        User stranger = newUser("Stranger");
        long id = waitingWorkshop(host, coHost, ada);
        assertOk(joined(host, id).call("workshop:promote-cohost", payload(id, coHost.id())));
        SocketClient hostClient = connect(host);
        assertOk(hostClient.call("workshop:join", payload(id)));
        SocketClient adaClient = waiter(ada, id, 1);

        assertRefused(hostClient.call("workshop:deny", payload(id, coHost.id())), "forbidden"); // a moderator
        assertRefused(hostClient.call("workshop:deny", payload(id, host.id())), "forbidden");
        assertRefused(hostClient.call("workshop:admit", payload(id, stranger.id())), "not_found");
        assertRefused(hostClient.call("workshop:deny", payload(id, stranger.id())), "not_found");
        assertRefused(adaClient.call("workshop:admit", payload(id, ada.id())), "waiting");
        User other = newUser("Other");
        rsvp(id, other);
        SocketClient otherClient = connect(other);
        assertRefused(otherClient.call("workshop:admit", payload(id, ada.id())), "forbidden"); // not a moderator
        assertRefused(hostClient.call("workshop:admit", payload(id)), "invalid_payload"); // neither target nor all
        Map<String, Object> both = payload(id, ada.id());
        both.put("all", true);
        assertRefused(hostClient.call("workshop:admit", both), "invalid_payload");
        Map<String, Object> notBool = payload(id);
        notBool.put("all", "yes");
        assertRefused(hostClient.call("workshop:admit", notBool), "invalid_payload");
        assertRefused(hostClient.call("workshop:deny", payload(id)), "invalid_payload");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM waiting_room WHERE workshop_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workshop_attendees WHERE workshop_id = ? AND admission IS NOT NULL")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(adaClient.connected()).isTrue();
    }

    private static void awaitPosition(SocketClient c, int position) {
        long deadline = System.nanoTime() + SocketClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.next("workshop:waiting").get("position").asInt() == position) {
                return;
            }
        }
        throw new AssertionError("never told position " + position);
    }

    private void awaitGone(long id, User user) {
        long deadline = System.nanoTime() + SocketClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Integer n = jdbc.sql(
                            "SELECT COUNT(*) FROM waiting_room WHERE workshop_id = ? AND user_id = ? AND gone_at IS NOT NULL")
                    .params(id, user.id())
                    .query(Integer.class)
                    .single();
            if (n == 1) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("user " + user.id() + " never counted as gone");
    }
}
