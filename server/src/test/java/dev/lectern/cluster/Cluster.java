package dev.lectern.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.NodeProcess;
import dev.lectern.support.SocketClient;
import dev.lectern.support.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Several real Lectern processes sharing one fresh PostgreSQL schema and one Redis prefix, and the
 * helpers the multi-node tests share.
 */
final class Cluster implements AutoCloseable {

    static final Duration NODE_TTL = Duration.ofSeconds(6);
    private static final AtomicLong NEXT_USER =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 3_000_000_000L));

    final String schema = "t_mn_" + System.currentTimeMillis() / 1000 + "_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final String prefix = "lectern-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir;
    private final List<NodeProcess> nodes = new ArrayList<>();

    Cluster(Path dir) {
        this.dir = dir;
    }

    /** Starts the first node alone (it migrates the schema), then the others together. */
    List<NodeProcess> start(String redisUrl, String... names) throws Exception {
        List<NodeProcess> started = new ArrayList<>();
        for (String name : names) {
            started.add(new NodeProcess(name, dir, env(redisUrl)));
        }
        nodes.addAll(started); // before any wait: close() must stop them even if one never comes up
        started.get(0).start().awaitHealthy();
        for (NodeProcess n : started.subList(1, started.size())) {
            n.start();
        }
        for (NodeProcess n : started.subList(1, started.size())) {
            n.awaitHealthy();
        }
        return started;
    }

    private Map<String, String> env(String redisUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LECTERN_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        env.put("LECTERN_DB_USER", "postgres");
        env.put("LECTERN_DB_POOL_SIZE", "4"); // the PostgreSQL is shared with other test runs
        env.put("SPRING_FLYWAY_SCHEMAS", schema);
        env.put("SPRING_FLYWAY_DEFAULT_SCHEMA", schema);
        env.put("LECTERN_JWT_SECRET", Tokens.SECRET);
        env.put("LECTERN_REDIS_URL", redisUrl);
        env.put("LECTERN_REDIS_PREFIX", prefix);
        env.put("LECTERN_NODE_TTL", NODE_TTL.toSeconds() + "s");
        env.put("LECTERN_JOBS_INTERVAL", "1s");
        env.put("LECTERN_NO_SHOW_GRACE_MINUTES", "1");
        env.put("LECTERN_CHAT_RATE_LIMIT", "0");
        env.put("LECTERN_EVENT_RATE_LIMIT", "0"); // crossNodeDeliveryCostsOneRedisHop sends 200 events from one socket
        return env;
    }

    /** target/cluster-it/NAME-TIME, beside the jar under test: node logs stay for a look after a failure. */
    static Path logDir(String name) throws java.io.IOException {
        Path target = Path.of(System.getProperty("lectern.jar", "target/lectern.jar"))
                .toAbsolutePath()
                .getParent();
        return java.nio.file.Files.createDirectories(
                target.resolve("cluster-it").resolve(name + "-" + System.currentTimeMillis()));
    }

    @Override
    public void close() throws Exception {
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    String logs() throws Exception {
        StringBuilder all = new StringBuilder();
        for (NodeProcess n : nodes) {
            String log = n.log();
            all.append("==== ")
                    .append(n.name())
                    .append('\n')
                    .append(log.length() > 6000 ? log.substring(log.length() - 6000) : log);
        }
        return all.toString();
    }

    record User(long id, String name, String token) {}

    static User user(String name) {
        long id = NEXT_USER.incrementAndGet();
        return new User(id, name, Tokens.valid(id, name));
    }

    static long createWorkshop(NodeProcess node, User host, Instant start) {
        var body = new LinkedHashMap<String, Object>();
        body.put("title", "Workshop by " + host.name());
        body.put("scheduledStart", start.toString());
        body.put("durationMinutes", 60);
        Api.Response r = node.api().post("/api/workshops", host.token(), Api.json(body));
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    static void rsvp(NodeProcess node, long workshopId, User... users) {
        for (User u : users) {
            Api.Response r = node.api().post("/api/workshops/" + workshopId + "/rsvp", u.token(), null);
            assertThat(r.status()).as("rsvp: %s", r).isEqualTo(200);
        }
    }

    static SocketClient connect(NodeProcess node, User user) {
        return SocketClient.connect(node.socketUrl(), user.token());
    }

    /** Connects to the node and joins the room; returns the client and leaves the join's ack in {@code state}. */
    static SocketClient joined(NodeProcess node, User user, long workshopId) {
        SocketClient client = connect(node, user);
        assertOk(client.call("workshop:join", Map.of("workshopId", workshopId)));
        return client;
    }

    static Map<String, Object> payload(long workshopId) {
        return Map.of("workshopId", workshopId);
    }

    static Map<String, Object> payload(long workshopId, long target) {
        return Map.of("workshopId", workshopId, "targetUserId", target);
    }

    static JsonNode assertOk(JsonNode ack) {
        assertThat(ack.path("ok").asBoolean()).as("ack %s", ack).isTrue();
        return ack;
    }

    /** The next {@code event} matching the predicate; others of that event before it are skipped. */
    static JsonNode await(SocketClient client, String event, Predicate<JsonNode> wanted, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        List<JsonNode> skipped = new ArrayList<>();
        while (true) {
            Duration left = Duration.between(Instant.now(), deadline);
            JsonNode e;
            try {
                if (left.isNegative() || left.isZero()) {
                    throw new AssertionError("timed out");
                }
                e = SocketClient.tree(client.nextRaw(event, left));
            } catch (AssertionError timeout) {
                throw new AssertionError("no matching " + event + " within " + wait + "; skipped " + skipped);
            }
            if (wanted.test(e)) {
                return e;
            }
            skipped.add(e);
        }
    }

    static JsonNode await(SocketClient client, String event, Predicate<JsonNode> wanted) {
        return await(client, event, wanted, Duration.ofSeconds(10));
    }

    static Predicate<JsonNode> about(long userId) {
        return e -> e.path("userId").asLong() == userId;
    }
}
