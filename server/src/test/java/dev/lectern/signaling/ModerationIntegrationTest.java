package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModerationIntegrationTest extends SignalingTest {

    @Test
    void raisedHandsQueueOldestFirstAndALateJoinerSeesThem() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        User late = newUser("Late");
        long id = liveWorkshop(host, ada, bob, late);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        SocketClient bobClient = joined(bob, id);

        JsonNode adaAck = adaClient.call("workshop:raise-hand", payload(id));
        clock.advance(Duration.ofSeconds(1));
        assertOk(bobClient.call("workshop:raise-hand", payload(id)));

        assertOk(adaAck);
        JsonNode first = hostClient.next("workshop:hand-raised");
        assertThat(first.get("userId").asLong()).isEqualTo(ada.id());
        assertThat(first.get("raisedAt").asString())
                .isEqualTo(adaAck.get("raisedAt").asString());
        assertThat(hostClient.next("workshop:hand-raised").get("userId").asLong())
                .isEqualTo(bob.id());
        // raising again keeps the first time and tells nobody
        clock.advance(Duration.ofSeconds(1));
        JsonNode again = adaClient.call("workshop:raise-hand", payload(id));
        assertThat(again.get("raisedAt").asString())
                .isEqualTo(adaAck.get("raisedAt").asString());
        assertThat(hostClient.receives("workshop:hand-raised", QUIET)).isFalse();

        SocketClient lateClient = connect(late);
        JsonNode state = lateClient.call("workshop:join", payload(id)).get("state");
        JsonNode hands = state.get("raisedHands");
        assertThat(hands.size()).isEqualTo(2);
        assertThat(hands.get(0).get("userId").asLong()).isEqualTo(ada.id());
        assertThat(hands.get(0).get("raisedAt").asString())
                .isEqualTo(adaAck.get("raisedAt").asString());
        assertThat(hands.get(1).get("userId").asLong()).isEqualTo(bob.id());
    }

    @Test
    void raiseHandNeedsAMemberInTheRoomOfAnOpenWorkshop() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long live = liveWorkshop(host, ada);
        long scheduled = scheduledWorkshop(host, ada);
        SocketClient adaClient = connect(ada);

        assertRefused(adaClient.call("workshop:raise-hand", payload(live)), "invalid_state"); // not joined
        assertOk(adaClient.call("workshop:join", payload(scheduled)));
        assertRefused(adaClient.call("workshop:raise-hand", payload(scheduled)), "invalid_state");
        assertRefused(connect(newUser("Stranger")).call("workshop:raise-hand", payload(live)), "forbidden");
    }

    @Test
    void handsComeDownByTheirOwnerOrTheHostButNotByOtherAttendees() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, ada, bob);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        SocketClient bobClient = joined(bob, id);
        assertOk(adaClient.call("workshop:raise-hand", payload(id)));
        assertOk(bobClient.call("workshop:raise-hand", payload(id)));

        assertRefused(bobClient.call("workshop:lower-hand", payload(id, ada.id())), "forbidden");
        assertOk(bobClient.call("workshop:lower-hand", payload(id)));
        assertThat(adaClient.next("workshop:hand-lowered").get("userId").asLong())
                .isEqualTo(bob.id());
        assertThat(bobClient.next("workshop:hand-lowered").get("userId").asLong())
                .isEqualTo(bob.id());
        assertOk(hostClient.call("workshop:lower-hand", payload(id, ada.id())));
        assertThat(bobClient.next("workshop:hand-lowered").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(handIsUp(id, ada)).isFalse();
        assertRefused(hostClient.call("workshop:lower-hand", payload(id, newUserId())), "not_found");
    }

    @Test
    void approvingASpeakerLetsThemSpeakAndTakesTheirHandDown() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        assertOk(adaClient.call("workshop:raise-hand", payload(id)));

        assertOk(hostClient.call("workshop:approve-speaker", payload(id, ada.id())));

        assertThat(adaClient.next("workshop:speaker-approved").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(adaClient.next("workshop:hand-lowered").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(flag(id, ada, "can_speak")).isTrue();
        assertThat(handIsUp(id, ada)).isFalse();
        JsonNode state = connect(host).call("workshop:join", payload(id)).get("state");
        assertThat(state.get("speakerIds").toString()).isEqualTo("[" + ada.id() + "]");
        assertThat(state.get("raisedHands").size()).isZero();

        assertOk(hostClient.call("workshop:revoke-speaker", payload(id, ada.id())));
        assertThat(adaClient.next("workshop:speaker-revoked").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(flag(id, ada, "can_speak")).isFalse();
    }

    @Test
    void onlyTheHostAndCoHostsManageSpeakers() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, ada, bob);
        SocketClient adaClient = joined(ada, id);
        joined(bob, id);

        assertRefused(adaClient.call("workshop:approve-speaker", payload(id, bob.id())), "forbidden");
        assertRefused(adaClient.call("workshop:revoke-speaker", payload(id, bob.id())), "forbidden");
        assertRefused(adaClient.call("workshop:mute-user", payload(id, bob.id())), "forbidden");
        assertRefused(
                connect(newUser("Stranger")).call("workshop:approve-speaker", payload(id, bob.id())), "forbidden");
        SocketClient hostClient = joined(host, id);
        assertRefused(hostClient.call("workshop:approve-speaker", payload(id, newUserId())), "not_found");
        assertRefused(hostClient.call("workshop:approve-speaker", payload(id, host.id())), "forbidden");
        assertThat(flag(id, bob, "can_speak")).isFalse();
    }

    @Test
    void theHostPromotesACoHostWhoThenModeratesButCannotPromote() {
        User host = newUser("Host");
        User co = newUser("Co");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, co, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient coClient = joined(co, id);
        SocketClient adaClient = joined(ada, id);

        assertRefused(adaClient.call("workshop:promote-cohost", payload(id, ada.id())), "forbidden");
        assertOk(hostClient.call("workshop:promote-cohost", payload(id, co.id())));
        assertThat(adaClient.next("workshop:cohost-promoted").get("userId").asLong())
                .isEqualTo(co.id());
        assertThat(flag(id, co, "is_co_host")).isTrue();
        assertThat(flag(id, co, "can_speak")).isTrue();

        assertRefused(coClient.call("workshop:promote-cohost", payload(id, ada.id())), "forbidden");
        assertRefused(coClient.call("workshop:demote-cohost", payload(id, co.id())), "forbidden");
        assertOk(coClient.call("workshop:approve-speaker", payload(id, ada.id())));
        assertThat(adaClient.next("workshop:speaker-approved").get("userId").asLong())
                .isEqualTo(ada.id());
        assertOk(coClient.call("workshop:mute-user", payload(id, ada.id())));
        assertThat(adaClient.next("workshop:user-muted").get("userId").asLong()).isEqualTo(ada.id());
        assertThat(hostClient.next("workshop:user-muted").get("userId").asLong())
                .isEqualTo(ada.id());
        assertRefused(coClient.call("workshop:mute-user", payload(id, host.id())), "forbidden");

        assertOk(hostClient.call("workshop:demote-cohost", payload(id, co.id())));
        assertThat(adaClient.next("workshop:cohost-demoted").get("userId").asLong())
                .isEqualTo(co.id());
        assertThat(flag(id, co, "is_co_host")).isFalse();
        assertRefused(coClient.call("workshop:approve-speaker", payload(id, ada.id())), "forbidden");
    }

    @Test
    void aRemovedUserIsOutOfTheRoomAndCannotComeBack() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, ada, bob);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        SocketClient bobClient = joined(bob, id);

        assertOk(hostClient.call("workshop:remove-user", payload(id, ada.id())));

        assertThat(bobClient.next("workshop:user-removed").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(adaClient.next("workshop:user-removed").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(attendeeStatus(id, ada)).isEqualTo("removed");
        assertOk(bobClient.call("workshop:raise-hand", payload(id)));
        assertThat(adaClient.receives("workshop:hand-raised", QUIET)).isFalse(); // no longer in the room
        assertRefused(adaClient.call("workshop:join", payload(id)), "banned");
        assertRefused(adaClient.call("workshop:chat", chat(id, "let me back in")), "banned");
        assertRefused(connect(ada).call("workshop:join", payload(id)), "banned");
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).code())
                .isEqualTo("banned");
        assertThat(adaClient.connected()).isTrue();
        JsonNode state = connect(host).call("workshop:join", payload(id)).get("state");
        assertThat(state.get("attendees").toString()).doesNotContain("\"userId\":" + ada.id());
    }

    @Test
    void theHostCannotBeRemovedAndOnlyTheHostRemovesCoHosts() {
        User host = newUser("Host");
        User co = newUser("Co");
        User co2 = newUser("Co2");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, co, co2, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient coClient = joined(co, id);
        SocketClient adaClient = joined(ada, id);
        assertOk(hostClient.call("workshop:promote-cohost", payload(id, co.id())));
        assertOk(hostClient.call("workshop:promote-cohost", payload(id, co2.id())));

        assertRefused(coClient.call("workshop:remove-user", payload(id, host.id())), "forbidden");
        assertRefused(hostClient.call("workshop:remove-user", payload(id, host.id())), "forbidden");
        assertRefused(coClient.call("workshop:remove-user", payload(id, co2.id())), "forbidden");
        assertRefused(adaClient.call("workshop:remove-user", payload(id, co.id())), "forbidden");
        assertRefused(hostClient.call("workshop:remove-user", payload(id, newUserId())), "not_found");
        assertOk(coClient.call("workshop:remove-user", payload(id, ada.id())));
        assertThat(attendeeStatus(id, ada)).isEqualTo("removed");
    }

    /** CONTRACT §7.1: only the host acts on co-hosts; a co-host aiming at a peer or the host is refused. */
    @Test
    void aCoHostCannotActOnAnotherCoHostOrTheHost() {
        User host = newUser("Host");
        User co = newUser("Co");
        User co2 = newUser("Co2");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, co, co2, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient coClient = joined(co, id);
        SocketClient co2Client = joined(co2, id);
        SocketClient adaClient = joined(ada, id);
        assertOk(hostClient.call("workshop:promote-cohost", payload(id, co.id())));
        assertOk(hostClient.call("workshop:promote-cohost", payload(id, co2.id())));
        assertOk(co2Client.call("workshop:raise-hand", payload(id)));
        assertOk(hostClient.call("workshop:raise-hand", payload(id)));

        for (String event : List.of(
                "workshop:revoke-speaker", "workshop:mute-user", "workshop:remove-user", "workshop:lower-hand")) {
            assertRefused(coClient.call(event, payload(id, co2.id())), "forbidden");
            assertRefused(coClient.call(event, payload(id, host.id())), "forbidden");
        }
        assertThat(flag(id, co2, "can_speak")).as("the peer still speaks").isTrue();
        assertThat(flag(id, co2, "is_co_host")).isTrue();
        assertThat(handIsUp(id, co2)).as("the peer's hand stays up").isTrue();
        assertThat(attendeeStatus(id, co2)).isEqualTo("joined");

        // on attendees a co-host has the host's moderation rights
        assertOk(adaClient.call("workshop:raise-hand", payload(id)));
        assertOk(coClient.call("workshop:lower-hand", payload(id, ada.id())));
        assertOk(coClient.call("workshop:approve-speaker", payload(id, ada.id())));
        assertOk(coClient.call("workshop:revoke-speaker", payload(id, ada.id())));
        assertOk(coClient.call("workshop:mute-user", payload(id, ada.id())));
        // and the host acts on co-hosts
        assertOk(hostClient.call("workshop:lower-hand", payload(id, co2.id())));
        assertOk(hostClient.call("workshop:revoke-speaker", payload(id, co2.id())));
        assertOk(hostClient.call("workshop:mute-user", payload(id, co2.id())));
        assertThat(flag(id, co2, "can_speak")).isFalse();
        assertOk(coClient.call("workshop:remove-user", payload(id, ada.id())));
        assertThat(attendeeStatus(id, ada)).isEqualTo("removed");
    }

    /** Lectern's own uids (the recorder's 4294967295 among them) are never a target. */
    @Test
    void reservedUserIdsAreNoTarget() {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        SocketClient hostClient = joined(host, id);
        for (long reserved : List.of(4_294_967_280L, 4_294_967_295L)) {
            assertRefused(hostClient.call("workshop:mute-user", payload(id, reserved)), "invalid_payload");
            assertRefused(hostClient.call("workshop:remove-user", payload(id, reserved)), "invalid_payload");
        }
        assertRefused(hostClient.call("workshop:mute-user", payload(id, 4_294_967_279L)), "not_found");
    }

    @Test
    void moderationIsRefusedOnceTheWorkshopEnded() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        api.post("/api/workshops/" + id + "/end", host.token(), null);
        assertRefused(hostClient.call("workshop:approve-speaker", payload(id, ada.id())), "invalid_state");
        assertRefused(hostClient.call("workshop:remove-user", payload(id, ada.id())), "invalid_state");
    }

    private boolean handIsUp(long id, User user) {
        return jdbc.sql(
                        "SELECT hand_raised_at IS NOT NULL FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(id, user.id())
                .query(Boolean.class)
                .single();
    }

    private boolean flag(long id, User user, String column) {
        return jdbc.sql("SELECT " + column + " FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(id, user.id())
                .query(Boolean.class)
                .single();
    }
}
