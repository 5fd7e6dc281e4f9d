package dev.lectern.cluster;

import static dev.lectern.cluster.Cluster.assertOk;
import static dev.lectern.cluster.Cluster.await;
import static dev.lectern.cluster.Cluster.createWorkshop;
import static dev.lectern.cluster.Cluster.joined;
import static dev.lectern.cluster.Cluster.payload;
import static dev.lectern.cluster.Cluster.rsvp;
import static dev.lectern.cluster.Cluster.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.cluster.Cluster.User;
import dev.lectern.support.NodeProcess;
import dev.lectern.support.SocketClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Redis goes away under two running nodes and comes back. It is a private redis-server on a free
 * port, so stopping it disturbs nobody else's tests on the shared one.
 */
class RedisOutageIT {

    // under target/, not a temporary directory: the nodes' logs outlive a failed run
    Path dir;

    private Cluster cluster;
    private Process redis;
    private final List<SocketClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.forEach(SocketClient::close);
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutRedisEachNodeServesItsOwnRoomsAndSaysItIsDegradedThenCrossNodeDeliveryResumes() throws Exception {
        dir = Cluster.logDir("outage");
        int redisPort = NodeProcess.freePort();
        redis = startRedis(redisPort);
        cluster = new Cluster(dir);
        List<NodeProcess> nodes = cluster.start("redis://127.0.0.1:" + redisPort, "a", "b");
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);

        User host = user("Host");
        User ada = user("Ada");
        User bob = user("Bob");
        User cleo = user("Cleo");
        long id = createWorkshop(a, host, Instant.now().plus(Duration.ofHours(1)));
        rsvp(a, id, ada, bob, cleo);
        assertThat(a.api()
                        .post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        SocketClient hostA = track(joined(a, host, id));
        SocketClient adaA = track(joined(a, ada, id));
        SocketClient bobB = track(joined(b, bob, id));
        long before = said(hostA, id, "before");
        assertThat(heard(bobB, id, "before")).isEqualTo(before);

        redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant lost = Instant.now();

        // the node says so, and stays UP for the load balancer
        JsonNode cluster = awaitCluster(a, "DEGRADED", Duration.ofSeconds(15));
        long noticed = Duration.between(lost, Instant.now()).toMillis();
        assertThat(a.api().get("/actuator/health", null).json().get("status").asString())
                .isEqualTo("UP");
        assertThat(a.api()
                        .get("/actuator/health", null)
                        .json()
                        .get("components")
                        .get("cluster")
                        .get("status")
                        .asString())
                .isEqualTo("DEGRADED");
        assertThat(cluster.get("details").get("redis").asString()).isEqualTo("DOWN");

        // same-node traffic is untouched: acks, chat, presence (PostgreSQL) and state
        long during = said(hostA, id, "during the outage");
        assertThat(heard(adaA, id, "during the outage")).isEqualTo(during);
        SocketClient cleoB = track(SocketClient.connect(b.socketUrl(), cleo.token()));
        JsonNode state = assertOk(cleoB.call("workshop:join", payload(id))).get("state");
        assertThat(state.get("attendees").size())
                .as("presence is still cluster-wide: %s", state)
                .isEqualTo(4);
        JsonNode failures = awaitCluster(a, "DEGRADED", Duration.ofSeconds(5))
                .get("details")
                .get("publishFailures");
        assertThat(failures.asLong()).isPositive();

        redis = startRedis(redisPort);
        Instant back = Instant.now();
        awaitCluster(a, "UP", Duration.ofSeconds(30));
        awaitCluster(b, "UP", Duration.ofSeconds(30));
        long recovered = Duration.between(back, Instant.now()).toMillis();

        // cross-node delivery is back, both ways, with no restart
        long after = said(hostA, id, "after");
        assertThat(heard(bobB, id, "after")).isEqualTo(after);
        JsonNode fromB = assertOk(bobB.call("workshop:chat", Map.of("workshopId", id, "message", "from b")))
                .get("chat");
        await(
                hostA,
                "workshop:chat-message",
                m -> m.path("id").asLong() == fromB.get("id").asLong());
        System.out.printf(
                "Redis outage: node a reported DEGRADED %d ms after Redis died; both nodes UP %d ms after it came back%n",
                noticed, recovered);
    }

    private SocketClient track(SocketClient client) {
        clients.add(client);
        return client;
    }

    private static long said(SocketClient client, long id, String message) {
        return assertOk(client.call("workshop:chat", Map.of("workshopId", id, "message", message)))
                .get("chat")
                .get("id")
                .asLong();
    }

    private static long heard(SocketClient client, long id, String message) {
        return await(
                        client,
                        "workshop:chat-message",
                        m -> m.path("message").asString().equals(message))
                .get("id")
                .asLong();
    }

    private static JsonNode awaitCluster(NodeProcess node, String status, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = node.api()
                    .get("/actuator/health/signaling", null)
                    .json()
                    .path("components")
                    .path("cluster");
            if (last.path("status").asString().equals(status)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(node.name() + "'s cluster health is not " + status + " within " + wait + ": " + last);
    }

    private Process startRedis(int port) throws Exception {
        Process p = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("redis-server did not listen on " + port);
    }
}
