package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import dev.lectern.workshop.Moderation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The joiner's {@code workshop:state} comes from a per-room cache that is invalidated in one place,
 * by the {@code RoomChanged} the workshop services publish. So a change that never passes through the
 * socket edge — a service called by some other feature, a REST transition — still reaches the next
 * joiner, and a refused change invalidates nothing it should not.
 */
class RoomSnapshotsIntegrationTest extends SignalingTest {

    @Autowired
    Moderation moderation;

    @Test
    void aChangeMadeOutsideTheSocketEdgeReachesTheNextJoiner() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        User cy = newUser("Cy");
        long id = liveWorkshop(host, ada, bob, cy);
        joined(host, id);
        SocketClient adaClient = connect(ada);
        assertOk(adaClient.call("workshop:join", payload(id))); // the room's state is cached now
        assertThat(adaClient.next("workshop:state").get("coHostIds").size()).isZero();

        // called as another feature would, not through ModerationEvents: no socket event, no broadcast
        moderation.promoteCoHost(id, host.id(), ada.id());
        moderation.approveSpeaker(id, host.id(), bob.id());

        JsonNode state = joinedState(cy, id);
        assertThat(ids(state.get("coHostIds"))).containsExactly(ada.id());
        assertThat(ids(state.get("speakerIds"))).contains(bob.id());
        assertThat(byUser(state.get("attendees"), ada.id()).get("isCoHost").asBoolean())
                .isTrue();
    }

    @Test
    void aTransitionThroughRestReachesTheNextJoiner() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = lobbyWorkshop(host, ada, bob);
        joined(host, id);
        assertThat(joinedState(ada, id).get("status").asString()).isEqualTo("lobby"); // cached as lobby

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        JsonNode state = joinedState(bob, id);
        assertThat(state.get("status").asString()).isEqualTo("live");
        assertThat(state.get("startedAt").asString()).isNotBlank();
    }

    @Test
    void aRefusedChangeLeavesTheRoomAsItWas() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, ada, bob);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        // an attendee trying to make themself co-host is refused, and nobody's state shows it
        assertRefused(adaClient.call("workshop:promote-cohost", payload(id, ada.id())), "forbidden");
        assertThat(hostClient.receives("workshop:cohost-promoted", QUIET)).isFalse();
        assertThat(joinedState(bob, id).get("coHostIds").size()).isZero();
    }

    private JsonNode joinedState(User user, long id) {
        SocketClient client = connect(user);
        JsonNode ack = client.call("workshop:join", payload(id));
        assertOk(ack);
        JsonNode state = client.next("workshop:state");
        assertThat(state.toString()).isEqualTo(ack.get("state").toString());
        return state;
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    private static JsonNode byUser(JsonNode attendees, long userId) {
        for (JsonNode a : attendees) {
            if (a.get("userId").asLong() == userId) {
                return a;
            }
        }
        throw new AssertionError("no attendee " + userId + " in " + attendees);
    }
}
