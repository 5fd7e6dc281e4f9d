package dev.lectern.cluster;

import static dev.lectern.cluster.Cluster.about;
import static dev.lectern.cluster.Cluster.assertOk;
import static dev.lectern.cluster.Cluster.await;
import static dev.lectern.cluster.Cluster.connect;
import static dev.lectern.cluster.Cluster.createWorkshop;
import static dev.lectern.cluster.Cluster.joined;
import static dev.lectern.cluster.Cluster.payload;
import static dev.lectern.cluster.Cluster.rsvp;
import static dev.lectern.cluster.Cluster.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.cluster.Cluster.User;
import dev.lectern.support.Api;
import dev.lectern.support.NodeProcess;
import dev.lectern.support.SocketClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Three real server processes (the packaged jar) on their own ports, sharing the real PostgreSQL (a
 * fresh schema) and the real Redis (a random prefix, so concurrent runs on the same Redis never hear
 * each other), with clients spread over them in one workshop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class MultiNodeIT {

    private static final Duration QUIET = Duration.ofMillis(1500);

    // under target/, not a temporary directory: the nodes' logs outlive a failed run
    static Path dir;

    private Cluster cluster;
    private NodeProcess a;
    private NodeProcess b;
    private NodeProcess c;
    private final List<SocketClient> clients = new ArrayList<>();

    @BeforeAll
    void startThreeNodes() throws Exception {
        dir = Cluster.logDir("multinode");
        cluster = new Cluster(dir);
        List<NodeProcess> nodes =
                cluster.start(System.getProperty("lectern.test.redis-url", "redis://127.0.0.1:6379"), "a", "b", "c");
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
    }

    @AfterAll
    void stop() throws Exception {
        clients.forEach(SocketClient::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private SocketClient on(NodeProcess node, User user, long workshopId) {
        SocketClient client = joined(node, user, workshopId);
        clients.add(client);
        return client;
    }

    /** docs/deployment/nginx.conf in front of the three nodes; WebSocket clients need no stickiness. */
    @Test
    @Order(0)
    void throughNginxWithTheDocumentedConfig() throws Exception {
        Assumptions.assumeTrue(Nginx.installed(), "nginx is not installed (scripts/test.sh installs it)");
        Path repo = Path.of(System.getProperty("lectern.repo", "..")).toAbsolutePath();
        Files.createDirectories(dir.resolve("nginx"));
        try (Nginx nginx = Nginx.inFrontOf(List.of(a, b, c), repo, dir.resolve("nginx"))) {
            User host = user("Host");
            Api viaNginx = new Api(nginx.port());
            long id = createViaApi(viaNginx, host);
            List<User> people = new ArrayList<>();
            List<SocketClient> sockets = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // round robin: two sockets on each node
                User u = user("Guest" + i);
                assertThat(viaNginx.post("/api/workshops/" + id + "/rsvp", u.token(), null)
                                .status())
                        .isEqualTo(200);
                people.add(u);
                SocketClient s = SocketClient.connect(nginx.url(), u.token());
                clients.add(s);
                assertOk(s.call("workshop:join", payload(id)));
                sockets.add(s);
            }
            assertThat(viaNginx.post("/api/workshops/" + id + "/start", host.token(), null)
                            .status())
                    .isEqualTo(200);
            for (SocketClient s : sockets) {
                await(
                        s,
                        "workshop:state-changed",
                        e -> e.path("status").asString().equals("live"));
            }
            JsonNode chat = assertOk(
                            sockets.get(0).call("workshop:chat", Map.of("workshopId", id, "message", "via nginx")))
                    .get("chat");
            for (SocketClient s : sockets) {
                await(
                        s,
                        "workshop:chat-message",
                        m -> m.path("id").asLong() == chat.get("id").asLong());
            }
            // and everyone is present in everyone's view, wherever nginx sent them
            JsonNode state =
                    assertOk(sockets.get(5).call("workshop:join", payload(id))).get("state");
            assertThat(userIds(state.get("attendees")))
                    .containsAll(people.stream().map(User::id).toList());
        }
    }

    private static long createViaApi(Api api, User host) {
        var body = Map.of(
                "title",
                "Via nginx",
                "scheduledStart",
                Instant.now().plus(Duration.ofHours(2)).toString(),
                "durationMinutes",
                60);
        Api.Response r = api.post("/api/workshops", host.token(), Api.json(body));
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    @Order(1)
    void everyRoomEventReachesMembersOnOtherNodes() throws Exception {
        User host = user("Host");
        User ada = user("Ada");
        User bob = user("Bob");
        User rex = user("Rex");
        User late = user("Late");
        long id = createWorkshop(a, host, Instant.now().plus(Duration.ofHours(2)));
        rsvp(c, id, ada, rex);
        rsvp(b, id, bob, late);

        SocketClient hostA = on(a, host, id);
        SocketClient adaC = on(c, ada, id);
        JsonNode adaJoined = await(hostA, "workshop:user-joined", about(ada.id()));
        assertThat(adaJoined.get("displayName").asString()).isEqualTo("Ada");
        assertThat(adaJoined.get("isHost").asBoolean()).isFalse();
        assertThat(adaJoined.has("avatarUrl"))
                .as("null fields survive the bus: %s", adaJoined)
                .isTrue();
        SocketClient bobB = on(b, bob, id);
        await(hostA, "workshop:user-joined", about(bob.id()));
        await(adaC, "workshop:user-joined", about(bob.id()));
        SocketClient rexC = on(c, rex, id);
        await(hostA, "workshop:user-joined", about(rex.id()));
        await(bobB, "workshop:user-joined", about(rex.id()));
        // Rex's second tab, on another node: he is already present, so nobody hears of it
        SocketClient rexA = on(a, rex, id);
        assertThat(bobB.receives("workshop:user-joined", QUIET))
                .as("a second socket is not a second arrival")
                .isFalse();

        // REST start on node A reaches the room on B and C
        Api.Response started = a.api().post("/api/workshops/" + id + "/start", host.token(), null);
        assertThat(started.status()).isEqualTo(200);
        JsonNode changed = adaC.next("workshop:state-changed");
        assertThat(changed.get("status").asString()).isEqualTo("live");
        assertThat(changed.get("startedAt").asString())
                .isEqualTo(started.json().get("startedAt").asString());
        assertThat(changed.has("endedAt") && changed.get("endedAt").isNull())
                .as("%s", changed)
                .isTrue();
        assertThat(bobB.next("workshop:state-changed").get("status").asString()).isEqualTo("live");

        // the hand queue
        JsonNode raised = assertOk(adaC.call("workshop:raise-hand", payload(id)));
        JsonNode seen = await(hostA, "workshop:hand-raised", about(ada.id()));
        assertThat(seen.get("raisedAt").asString())
                .isEqualTo(raised.get("raisedAt").asString());
        assertOk(adaC.call("workshop:lower-hand", payload(id)));
        await(hostA, "workshop:hand-lowered", about(ada.id()));

        // speakers: approving a raised hand also lowers it
        assertOk(bobB.call("workshop:raise-hand", payload(id)));
        await(adaC, "workshop:hand-raised", about(bob.id()));
        assertOk(hostA.call("workshop:approve-speaker", payload(id, bob.id())));
        await(adaC, "workshop:speaker-approved", about(bob.id()));
        await(adaC, "workshop:hand-lowered", about(bob.id()));
        assertOk(hostA.call("workshop:revoke-speaker", payload(id, bob.id())));
        await(adaC, "workshop:speaker-revoked", about(bob.id()));

        // co-hosts
        assertOk(hostA.call("workshop:promote-cohost", payload(id, bob.id())));
        await(adaC, "workshop:cohost-promoted", about(bob.id()));
        assertOk(hostA.call("workshop:demote-cohost", payload(id, bob.id())));
        await(adaC, "workshop:cohost-demoted", about(bob.id()));

        // mute, as asked by the host on A, heard on B
        assertOk(hostA.call("workshop:mute-user", payload(id, ada.id())));
        await(bobB, "workshop:user-muted", about(ada.id()));

        // chat from C, heard on A and B exactly as the sender's ack has it
        JsonNode chat = assertOk(adaC.call("workshop:chat", Map.of("workshopId", id, "message", "hello from C")))
                .get("chat");
        JsonNode onA = await(
                hostA,
                "workshop:chat-message",
                m -> m.path("id").asLong() == chat.get("id").asLong());
        JsonNode onB = await(
                bobB,
                "workshop:chat-message",
                m -> m.path("id").asLong() == chat.get("id").asLong());
        assertThat(onA).isEqualTo(chat);
        assertThat(onB).isEqualTo(chat);

        // a late joiner on B sees everyone present on every node
        SocketClient lateB = connect(b, late);
        clients.add(lateB);
        JsonNode state = assertOk(lateB.call("workshop:join", payload(id))).get("state");
        assertThat(state.get("status").asString()).isEqualTo("live");
        assertThat(userIds(state.get("attendees")))
                .containsExactlyInAnyOrder(host.id(), ada.id(), bob.id(), rex.id(), late.id());

        // removing Rex (sockets on C and A) from A: both his sockets leave the room, and he cannot rejoin
        assertOk(hostA.call("workshop:remove-user", payload(id, rex.id())));
        await(bobB, "workshop:user-removed", about(rex.id()));
        await(rexC, "workshop:user-removed", about(rex.id()));
        JsonNode after = assertOk(adaC.call("workshop:chat", Map.of("workshopId", id, "message", "after the ban")))
                .get("chat");
        await(
                bobB,
                "workshop:chat-message",
                m -> m.path("id").asLong() == after.get("id").asLong());
        Thread.sleep(QUIET.toMillis());
        assertThat(ids(rexC.drain("workshop:chat-message")))
                .as("removed socket on C still hears the room")
                .doesNotContain(after.get("id").asLong());
        assertThat(ids(rexA.drain("workshop:chat-message")))
                .as("removed socket on A still hears the room")
                .doesNotContain(after.get("id").asLong());
        JsonNode rejoin = rexC.call("workshop:join", payload(id));
        assertThat(rejoin.path("error").path("code").asString()).isEqualTo("banned");

        // leaving, and disconnecting
        assertOk(bobB.call("workshop:leave", payload(id)));
        await(hostA, "workshop:user-left", about(bob.id()));
        await(adaC, "workshop:user-left", about(bob.id()));
        lateB.close();
        await(adaC, "workshop:user-left", about(late.id()));

        // REST end on C reaches A
        assertThat(c.api()
                        .post("/api/workshops/" + id + "/end", host.token(), null)
                        .status())
                .isEqualTo(200);
        assertThat(await(
                                hostA,
                                "workshop:state-changed",
                                e -> e.path("status").asString().equals("ended"))
                        .get("endedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    @Order(2)
    void notificationsReachTheUserOnAnotherNode() {
        User host = user("Host");
        User nate = user("Nate");
        long id = createWorkshop(a, host, Instant.now().plus(Duration.ofHours(3)));
        rsvp(a, id, nate);
        SocketClient nateC = SocketClient.builder(c.socketUrl())
                .namespace("/notifications")
                .token(nate.token())
                .connect();
        clients.add(nateC);

        assertThat(b.api()
                        .post("/api/workshops/" + id + "/cancel", host.token(), null)
                        .status())
                .isEqualTo(200);

        JsonNode n =
                await(nateC, "notification:new", e -> e.path("type").asString().equals("workshop_cancelled"));
        assertThat(n.get("payload").get("workshopId").asLong()).isEqualTo(id);
    }

    @Test
    @Order(3)
    void jobsMoveEachDueWorkshopOnceAcrossThreeNodes() throws Exception {
        User host = user("Host");
        double lobbiesBefore = transitions("lobby", "lobby_job");
        double cancelsBefore = transitions("cancelled", "no_show_job");
        int n = 30;

        // due for the lobby (it opens 15 minutes ahead), not yet for the no-show cancel
        List<Long> lobby = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lobby.add(createWorkshop(i % 2 == 0 ? a : c, host, Instant.now().plus(Duration.ofMinutes(10))));
        }
        awaitStatus(lobby, host, "lobby");
        Thread.sleep(3000); // a few more rounds of every node's jobs: none may move them again
        assertThat(transitions("lobby", "lobby_job") - lobbiesBefore).isEqualTo(n);

        // overdue by more than the grace (1 minute here): each cancelled once
        List<Long> overdue = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            overdue.add(createWorkshop(b, host, Instant.now().minus(Duration.ofMinutes(2))));
        }
        awaitStatus(overdue, host, "cancelled");
        Thread.sleep(3000);
        assertThat(transitions("cancelled", "no_show_job") - cancelsBefore).isEqualTo(n);
        System.out.printf(
                "jobs: %d lobbies and %d no-show cancels, per node a/b/c: lobby %s, cancel %s%n",
                n, n, perNode("lobby", "lobby_job"), perNode("cancelled", "no_show_job"));
    }

    /**
     * What the Redis hop adds to one broadcast: chat from node A, timed from the emit to its arrival
     * at a member on A (local delivery) and at a member on C (through Redis), on this shared machine.
     */
    @Test
    @Order(4)
    void crossNodeDeliveryCostsOneRedisHop() throws Exception {
        User host = user("Host");
        User near = user("Near");
        User far = user("Far");
        long id = createWorkshop(a, host, Instant.now().plus(Duration.ofHours(2)));
        rsvp(a, id, near, far);
        assertThat(a.api()
                        .post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        SocketClient hostA = on(a, host, id);
        SocketClient nearA = on(a, near, id);
        SocketClient farC = on(c, far, id);
        Map<String, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Long> atA = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Long> atC = new java.util.concurrent.ConcurrentHashMap<>();
        nearA.onEvent(
                "workshop:chat-message",
                m -> atA.put(SocketClient.tree(m).path("message").asString(), System.nanoTime()));
        farC.onEvent(
                "workshop:chat-message",
                m -> atC.put(SocketClient.tree(m).path("message").asString(), System.nanoTime()));
        int n = 200;
        for (int i = 0; i < n; i++) {
            String text = "m" + i;
            sent.put(text, System.nanoTime());
            assertOk(hostA.call("workshop:chat", Map.of("workshopId", id, "message", text)));
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while ((atA.size() < n || atC.size() < n) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(atA).hasSize(n);
        assertThat(atC).as("every broadcast crossed to node C").hasSize(n);
        long[] local = sent.keySet().stream()
                .mapToLong(k -> atA.get(k) - sent.get(k))
                .sorted()
                .toArray();
        long[] remote = sent.keySet().stream()
                .mapToLong(k -> atC.get(k) - sent.get(k))
                .sorted()
                .toArray();
        long[] extra = sent.keySet().stream()
                .mapToLong(k -> atC.get(k) - atA.get(k))
                .sorted()
                .toArray();
        System.out.printf(
                "broadcast latency over %d chats (emit → arrival, ms): same node p50 %.2f p95 %.2f; "
                        + "other node p50 %.2f p95 %.2f; Redis hop (other − same) p50 %.2f p95 %.2f%n",
                n, ms(local, 50), ms(local, 95), ms(remote, 50), ms(remote, 95), ms(extra, 50), ms(extra, 95));
    }

    private static double ms(long[] sortedNanos, int percentile) {
        return sortedNanos[Math.min(sortedNanos.length - 1, sortedNanos.length * percentile / 100)] / 1e6;
    }

    @Test
    @Order(5)
    void aKilledNodesUsersLeaveWithinTheBoundAndItsClientsRecoverElsewhere() throws Exception {
        User host = user("Host");
        User vic = user("Vic"); // on B, comes back through C
        User val = user("Val"); // on B, never comes back
        long id = createWorkshop(a, host, Instant.now().plus(Duration.ofHours(2)));
        rsvp(a, id, vic, val);
        SocketClient hostA = on(a, host, id);
        SocketClient vicB = on(b, vic, id);
        SocketClient valB = on(b, val, id);
        assertThat(c.api()
                        .post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        await(vicB, "workshop:state-changed", e -> e.path("status").asString().equals("live"));
        JsonNode raised = assertOk(vicB.call("workshop:raise-hand", payload(id)));
        Set<Long> acked = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            acked.add(assertOk(valB.call("workshop:chat", Map.of("workshopId", id, "message", "before the crash " + i)))
                    .get("chat")
                    .get("id")
                    .asLong());
        }
        hostA.drain("workshop:user-left");

        Instant killed = Instant.now();
        b.kill();

        // Vic's client reconnects to another node and gets the room as it is
        SocketClient vicC = connect(c, vic);
        clients.add(vicC);
        JsonNode state = assertOk(vicC.call("workshop:join", payload(id))).get("state");
        assertThat(state.get("status").asString()).isEqualTo("live");
        assertThat(state.get("hostId").asLong()).isEqualTo(host.id());
        assertThat(state.get("raisedHands").get(0).get("userId").asLong()).isEqualTo(vic.id());
        assertThat(state.get("raisedHands").get(0).get("raisedAt").asString())
                .isEqualTo(raised.get("raisedAt").asString());
        assertThat(userIds(state.get("attendees"))).contains(host.id(), vic.id());

        // Val is gone: the room hears it within TTL + TTL/3 (+ slack for a loaded machine)
        Duration bound = Cluster.NODE_TTL.plus(Cluster.NODE_TTL.dividedBy(3));
        await(hostA, "workshop:user-left", about(val.id()), bound.plusSeconds(7));
        Duration took = Duration.between(killed, Instant.now());
        System.out.printf(
                "kill -9 of node b → user-left heard on node a after %d ms (bound %d ms)%n",
                took.toMillis(), bound.toMillis());
        // Vic came back before the reap, so he never left
        assertThat(hostA.receives("workshop:user-left", QUIET))
                .as("Vic reconnected; he must not be reported left")
                .isFalse();
        JsonNode vicNow =
                assertOk(connect(a, host).call("workshop:join", payload(id))).get("state");
        assertThat(userIds(vicNow.get("attendees"))).contains(vic.id()).doesNotContain(val.id());

        // nothing acknowledged was lost with the node
        JsonNode history = c.api()
                .get("/api/workshops/" + id + "/chat", host.token())
                .json()
                .get("items");
        Set<Long> stored = new HashSet<>();
        history.forEach(m -> stored.add(m.get("id").asLong()));
        assertThat(stored).containsAll(acked);
        JsonNode attendance = a.api()
                .get("/api/workshops/" + id + "/attendance", host.token())
                .json()
                .get("items");
        attendance.forEach(row -> {
            if (row.get("userId").asLong() == val.id()) {
                assertThat(row.get("status").asString()).isEqualTo("left");
            }
            if (row.get("userId").asLong() == vic.id()) {
                assertThat(row.get("status").asString()).isEqualTo("joined");
            }
        });
        // and the surviving nodes know there are two of them now: a node counts the live ones at its own
        // heartbeat (every TTL/3), which may come after the beat of the node that reaped b
        Instant deadline = Instant.now().plus(Cluster.NODE_TTL);
        JsonNode health = clusterHealth(a);
        while (health.get("details").get("aliveNodes").asInt() != 2
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            health = clusterHealth(a);
        }
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("aliveNodes").asInt()).isEqualTo(2);
    }

    private static JsonNode clusterHealth(NodeProcess node) {
        return node.api()
                .get("/actuator/health/signaling", null)
                .json()
                .get("components")
                .get("cluster");
    }

    /**
     * A node that stalls longer than the TTL (SIGSTOP, as a long pause would) is reaped like a dead one;
     * when it wakes up it finds itself reaped and drops its sockets, which reconnect and rejoin.
     */
    @Test
    @Order(6)
    void aStalledNodeIsReapedAndWhenItWakesItsSocketsStartAfresh() throws Exception {
        User host = user("Host");
        User sam = user("Sam");
        long id = createWorkshop(a, host, Instant.now().plus(Duration.ofHours(2)));
        rsvp(a, id, sam);
        assertThat(a.api()
                        .post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        SocketClient hostA = on(a, host, id);
        SocketClient samC = on(c, sam, id);
        await(hostA, "workshop:user-joined", about(sam.id()));

        c.suspend();
        try {
            await(hostA, "workshop:user-left", about(sam.id()), Cluster.NODE_TTL.plusSeconds(10));
        } finally {
            c.resume();
        }
        // at its next heartbeat node C learns it was reaped and lets its sockets go
        samC.nextRaw(io.socket.client.Socket.EVENT_DISCONNECT, Cluster.NODE_TTL);
        assertThat(c.log()).contains("was taken for dead");
        SocketClient again = on(c, sam, id);
        await(hostA, "workshop:user-joined", about(sam.id()));
        assertThat(again.connected()).isTrue();
        JsonNode state =
                assertOk(connect(a, host).call("workshop:join", payload(id))).get("state");
        assertThat(userIds(state.get("attendees"))).contains(sam.id());
    }

    /** With node B dead (killed above), the documented nginx config still lets every client in: it skips B. */
    @Test
    @Order(7)
    void throughNginxClientsOfADeadNodeReconnectToTheLiveOnes() throws Exception {
        Assumptions.assumeTrue(Nginx.installed(), "nginx is not installed (scripts/test.sh installs it)");
        assertThat(b.isAlive()).isFalse();
        Path repo = Path.of(System.getProperty("lectern.repo", "..")).toAbsolutePath();
        Files.createDirectories(dir.resolve("nginx-failover"));
        try (Nginx nginx = Nginx.inFrontOf(List.of(a, b, c), repo, dir.resolve("nginx-failover"))) {
            User host = user("Host");
            Api viaNginx = new Api(nginx.port());
            long id = createViaApi(viaNginx, host);
            assertThat(viaNginx.post("/api/workshops/" + id + "/start", host.token(), null)
                            .status())
                    .isEqualTo(200);
            SocketClient hostSocket = SocketClient.connect(nginx.url(), host.token());
            clients.add(hostSocket);
            assertOk(hostSocket.call("workshop:join", payload(id)));
            for (int i = 0; i < 6; i++) { // round robin over a, b (dead) and c: every one still connects
                User u = user("Back" + i);
                assertThat(viaNginx.post("/api/workshops/" + id + "/rsvp", u.token(), null)
                                .status())
                        .isEqualTo(200);
                SocketClient s = SocketClient.connect(nginx.url(), u.token());
                clients.add(s);
                assertOk(s.call("workshop:join", payload(id)));
                await(hostSocket, "workshop:user-joined", about(u.id()));
            }
        }
    }

    private void awaitStatus(List<Long> ids, User host, String status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (long id : ids) {
            while (true) {
                String now = a.api()
                        .get("/api/workshops/" + id, host.token())
                        .json()
                        .get("status")
                        .asString();
                if (now.equals(status)) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(
                            "workshop " + id + " is " + now + ", not " + status + "\n" + cluster.logs());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Committed transitions, summed over the live nodes' Prometheus counters. */
    private double transitions(String to, String cause) {
        return perNode(to, cause).stream().mapToDouble(Double::doubleValue).sum();
    }

    private List<Double> perNode(String to, String cause) {
        List<Double> counts = new ArrayList<>();
        for (NodeProcess node : List.of(a, b, c)) {
            if (!node.isAlive()) {
                continue;
            }
            double count = 0;
            for (String line :
                    node.api().get("/actuator/prometheus", null).body().split("\n")) {
                if (line.startsWith("lectern_workshop_transitions_total{")
                        && line.contains("to=\"" + to + "\"")
                        && line.contains("cause=\"" + cause + "\"")) {
                    count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            counts.add(count);
        }
        return counts;
    }

    private static List<Long> ids(List<Object> events) {
        return events.stream()
                .map(e -> SocketClient.tree(e).path("id").asLong())
                .toList();
    }

    private static List<Long> userIds(JsonNode attendees) {
        List<Long> ids = new ArrayList<>();
        attendees.forEach(p -> ids.add(p.get("userId").asLong()));
        return ids;
    }
}
