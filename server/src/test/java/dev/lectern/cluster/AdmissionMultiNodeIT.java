package dev.lectern.cluster;

import static dev.lectern.cluster.Cluster.assertOk;
import static dev.lectern.cluster.Cluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.cluster.Cluster.User;
import dev.lectern.support.Api;
import dev.lectern.support.NodeProcess;
import dev.lectern.support.SocketClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The waiting room across nodes (CONTRACT §7.2): users wait through node a, the host moderates through
 * node b. The queue is database state; each node hears of changes over the bus and tells its own sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionMultiNodeIT {

    private Cluster cluster;
    private NodeProcess a;
    private NodeProcess b;
    private final List<SocketClient> clients = new ArrayList<>();

    @BeforeAll
    void startTwoNodes() throws Exception {
        Path dir = Cluster.logDir("admission");
        cluster = new Cluster(dir);
        List<NodeProcess> nodes =
                cluster.start(System.getProperty("lectern.test.redis-url", "redis://127.0.0.1:6379"), "a", "b");
        a = nodes.get(0);
        b = nodes.get(1);
    }

    @AfterAll
    void stop() throws Exception {
        clients.forEach(SocketClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private SocketClient connect(NodeProcess node, User user) {
        SocketClient c = Cluster.connect(node, user);
        clients.add(c);
        return c;
    }

    private static boolean queueIs(JsonNode q, User... users) {
        List<Long> got = new ArrayList<>();
        q.get("waiting").forEach(w -> got.add(w.get("userId").asLong()));
        return got.equals(java.util.Arrays.stream(users).map(User::id).toList());
    }

    @Test
    void aUserWaitingOnOneNodeIsAdmittedOrDeniedByAModeratorOnAnother() throws Exception {
        User host = Cluster.user("Host");
        User ada = Cluster.user("Ada");
        User bob = Cluster.user("Bob");
        User cy = Cluster.user("Cy");
        var body = new LinkedHashMap<String, Object>();
        body.put("title", "Across nodes");
        body.put("scheduledStart", Instant.now().plus(Duration.ofMinutes(5)).toString());
        body.put("durationMinutes", 60);
        body.put("admission", "waiting_room");
        long id = b.api()
                .post("/api/workshops", host.token(), Api.json(body))
                .json()
                .get("id")
                .asLong();
        Cluster.rsvp(a, id, ada, bob, cy);
        assertThat(b.api()
                        .post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        SocketClient hostClient = connect(b, host);
        assertOk(hostClient.call("workshop:join", Map.of("workshopId", id)));
        hostClient.next("workshop:state");
        assertThat(hostClient.next("workshop:waiting-room").get("waiting").size())
                .isZero();

        SocketClient adaClient = connect(a, ada);
        JsonNode ack = assertOk(adaClient.call("workshop:join", Map.of("workshopId", id)));
        assertThat(ack.get("position").asInt()).isEqualTo(1);
        SocketClient bobClient = connect(a, bob);
        assertThat(assertOk(bobClient.call("workshop:join", Map.of("workshopId", id)))
                        .get("position")
                        .asInt())
                .isEqualTo(2);
        SocketClient cyClient = connect(a, cy);
        assertThat(assertOk(cyClient.call("workshop:join", Map.of("workshopId", id)))
                        .get("position")
                        .asInt())
                .isEqualTo(3);
        await(hostClient, "workshop:waiting-room", q -> queueIs(q, ada, bob, cy));

        assertOk(hostClient.call("workshop:admit", Map.of("workshopId", id, "targetUserId", ada.id())));
        assertThat(adaClient.next("workshop:admitted").get("workshopId").asLong())
                .isEqualTo(id);
        assertThat(adaClient.next("workshop:state").get("attendees").toString()).contains("\"userId\":" + ada.id());
        await(hostClient, "workshop:user-joined", Cluster.about(ada.id()));
        await(bobClient, "workshop:waiting", w -> w.get("position").asInt() == 1);
        await(cyClient, "workshop:waiting", w -> w.get("position").asInt() == 2);

        assertOk(hostClient.call("workshop:deny", Map.of("workshopId", id, "targetUserId", bob.id())));
        assertThat(bobClient.next("workshop:denied").get("workshopId").asLong()).isEqualTo(id);
        JsonNode q = await(hostClient, "workshop:waiting-room", x -> queueIs(x, cy));
        assertThat(q.get("denied").get(0).get("userId").asLong()).isEqualTo(bob.id());

        assertOk(hostClient.call("workshop:admit", Map.of("workshopId", id, "all", true)));
        cyClient.next("workshop:admitted");
        cyClient.next("workshop:state");
        var token = a.api().get("/api/workshops/" + id + "/token", bob.token());
        assertThat(token.status()).isEqualTo(403);
        assertThat(token.code()).isEqualTo("forbidden");
    }
}
