package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LifecycleBroadcastIntegrationTest extends SignalingTest {

    @Test
    void restStartAndEndReachEveryoneInTheRoom() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = lobbyWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);

        var started =
                api.post("/api/workshops/" + id + "/start", host.token(), null).json();
        JsonNode live = adaClient.next("workshop:state-changed");
        assertThat(live.get("status").asString()).isEqualTo("live");
        assertThat(live.get("startedAt").asString())
                .isEqualTo(started.get("startedAt").asString());
        assertThat(live.get("endedAt").isNull()).isTrue();
        assertThat(hostClient.next("workshop:state-changed").get("status").asString())
                .isEqualTo("live");

        var ended =
                api.post("/api/workshops/" + id + "/end", host.token(), null).json();
        JsonNode end = adaClient.next("workshop:state-changed");
        assertThat(end.get("status").asString()).isEqualTo("ended");
        assertThat(end.get("startedAt").asString())
                .isEqualTo(started.get("startedAt").asString());
        assertThat(end.get("endedAt").asString()).isEqualTo(ended.get("endedAt").asString());
        assertThat(attendeeStatus(id, ada)).isEqualTo("left");
    }

    @Test
    void aCancelReachesTheRoomAndARefusedTransitionSendsNothing() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = scheduledWorkshop(host, ada);
        SocketClient adaClient = joined(ada, id);

        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(409);
        assertThat(adaClient.receives("workshop:state-changed", QUIET)).isFalse();
        api.post("/api/workshops/" + id + "/cancel", host.token(), null);
        JsonNode cancelled = adaClient.next("workshop:state-changed");
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("startedAt").isNull()).isTrue();
    }

    @Test
    void membersInTheRoomWhenTheWorkshopGoesLiveAreJoined() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = scheduledWorkshop(host, ada);
        SocketClient adaClient = joined(ada, id);
        joined(host, id);

        api.post("/api/workshops/" + id + "/start", host.token(), null);

        adaClient.next("workshop:state-changed");
        assertThat(attendeeStatus(id, ada)).isEqualTo("joined");
        assertThat(attendeeStatus(id, host)).isEqualTo("joined");
        assertOk(adaClient.call("workshop:raise-hand", payload(id)));
    }

    @Test
    void newNotificationsArePushedToTheirUser() {
        User host = newUser("Host");
        User guest = newUser("Guest");
        User other = newUser("Other");
        long id = createWorkshop(host, true, null);
        SocketClient guestClient = SocketClient.builder(socketUrl())
                .namespace("/notifications")
                .token(guest.token())
                .connect();
        SocketClient otherClient = SocketClient.builder(socketUrl())
                .namespace("/notifications")
                .token(other.token())
                .connect();
        try (guestClient;
                otherClient) {
            api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + guest.id() + "]}");

            JsonNode pushed = guestClient.next("notification:new");
            assertThat(pushed.get("id").asLong()).isPositive();
            assertThat(pushed.get("type").asString()).isEqualTo("workshop_invite");
            assertThat(pushed.get("payload").get("workshopId").asLong()).isEqualTo(id);
            assertThat(pushed.get("payload").get("invitedBy").asLong()).isEqualTo(host.id());
            assertThat(pushed.get("createdAt").asString()).endsWith("Z");
            var stored = api.get("/api/notifications", guest.token())
                    .json()
                    .get("items")
                    .get(0);
            assertThat(stored.get("id").asLong()).isEqualTo(pushed.get("id").asLong());
            assertThat(otherClient.receives("notification:new", QUIET)).isFalse();
        }
    }

    @Test
    void healthIsUpOnlyWhileTheSocketPortAccepts() {
        assertThat(api.get("/actuator/health", null).json().get("status").asString())
                .isEqualTo("UP");
        socketServer.stop();
        try {
            var down = api.get("/actuator/health", null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("status").asString()).isEqualTo("DOWN");
        } finally {
            socketServer.start();
        }
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        User ada = newUser("Ada");
        try (SocketClient client = SocketClient.connect(socketUrl(), ada.token())) {
            assertThat(client.connected()).isTrue();
        }
    }
}
